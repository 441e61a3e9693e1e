package dev.vigil.logindex.store;

import dev.vigil.model.Tenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;

/**
 * Every partition under {@code <root>/<tenant>/<partition>/}: which exist on disk, which are open,
 * opening on demand, retention and closing idle ones. Thread-safe; the caller (the index) orders
 * writes against commits, closes and deletes with its own lock.
 */
public final class PartitionStore implements LogReader {
  private final Path root;
  private final PartitionConfig config;

  /** tenant → partition name → span, for every partition on disk (open or not). */
  private final Map<Tenant, ConcurrentSkipListMap<String, PartitionSpan>> known =
      new ConcurrentHashMap<>();

  private final Map<String, Partition> open = new ConcurrentHashMap<>();

  private PartitionStore(Path root, PartitionConfig config) {
    this.root = root;
    this.config = config;
  }

  /** Lists the partitions on disk; opens none yet. */
  public static PartitionStore open(Path root, PartitionConfig config) throws IOException {
    Files.createDirectories(root);
    PartitionStore store = new PartitionStore(root, config);
    for (Path tenantDir : list(root)) {
      String id = tenantDir.getFileName().toString();
      if (!Files.isDirectory(tenantDir) || Tenant.problem(id) != null) {
        continue;
      }
      Tenant tenant = new Tenant(id);
      for (Path p : list(tenantDir)) {
        PartitionSpan span = PartitionSpan.parse(p.getFileName().toString());
        if (span != null && Files.isDirectory(p)) {
          store.spans(tenant).put(span.name(), span);
        }
      }
    }
    return store;
  }

  /** The open partition for this span, opening or creating it. */
  public Partition partition(Tenant tenant, PartitionSpan span) throws IOException {
    try {
      return open.computeIfAbsent(
          key(tenant, span),
          k -> {
            try {
              Path path = root.resolve(tenant.id()).resolve(span.name());
              Files.createDirectories(path);
              Partition p = Partition.open(tenant, span, path, config);
              spans(tenant).put(span.name(), span);
              return p;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The partition if it is open, else null. */
  public Partition ifOpen(Tenant tenant, PartitionSpan span) {
    return open.get(key(tenant, span));
  }

  /**
   * Whether the last commit of a partition on disk is spread over segments that {@link
   * Partition#compact} would merge: read from its commit, without opening a writer.
   */
  public boolean fragmentedOnDisk(Tenant tenant, PartitionSpan span) throws IOException {
    Path path = root.resolve(tenant.id()).resolve(span.name());
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (FSDirectory d = FSDirectory.open(path)) {
      if (!DirectoryReader.indexExists(d)) {
        return false;
      }
      SegmentInfos infos = SegmentInfos.readLatestCommit(d);
      int[] docs = new int[infos.size()];
      for (int i = 0; i < docs.length; i++) {
        docs[i] = infos.info(i).info.maxDoc();
      }
      return Partition.fragmented(docs);
    }
  }

  /** Partitions of the tenant overlapping [start, end] (inclusive), opened, newest first. */
  public List<Partition> partitions(Tenant tenant, long startNanos, long endNanos)
      throws IOException {
    List<Partition> result = new ArrayList<>();
    ConcurrentSkipListMap<String, PartitionSpan> spans = known.get(tenant);
    if (spans == null) {
      return result;
    }
    List<PartitionSpan> overlapping = new ArrayList<>();
    for (PartitionSpan s : spans.values()) {
      if (s.overlaps(startNanos, endNanos)) {
        overlapping.add(s);
      }
    }
    overlapping.sort(Comparator.comparingLong(PartitionSpan::endNanos).reversed());
    for (PartitionSpan s : overlapping) {
      result.add(partition(tenant, s));
    }
    return result;
  }

  @Override
  public Lease acquire(Tenant tenant, long startNanos, long endNanos) throws IOException {
    Lease lease = new Lease();
    try {
      for (int attempt = 0; attempt < 3; attempt++) {
        List<Partition> retry = new ArrayList<>();
        for (Partition p : partitions(tenant, startNanos, endNanos)) {
          if (lease.has(p.span())) {
            continue;
          }
          var searcher = p.acquire();
          if (searcher == null) {
            retry.add(p); // closed for idleness meanwhile: reopened on the next pass
          } else {
            lease.add(p, searcher);
          }
        }
        if (retry.isEmpty()) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      lease.close();
      throw e;
    }
    lease.sortNewestFirst();
    return lease;
  }

  /** Every open partition. */
  public List<Partition> openPartitions() {
    return List.copyOf(open.values());
  }

  /**
   * Commits the partition at {@code position} and closes it, atomically with respect to {@link
   * #partition} (which would otherwise open a second writer on the same directory). Called where no
   * append runs (the log writer's write lock), so the partition's records so far are all before
   * {@code position}.
   */
  public void commitAndClose(Partition p, long position) throws IOException {
    try {
      open.computeIfPresent(
          key(p.tenant(), p.span()),
          (k, current) -> {
            try {
              current.commit(position, current.recordCount());
              current.close();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return null;
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Deletes the partitions that end at or before {@code cutoffNanos}: closed, then removed from
   * disk. Returns how many went. Queries holding a searcher finish on the open files.
   */
  public int deleteEndingBefore(long cutoffNanos) throws IOException {
    int deleted = 0;
    for (Map.Entry<Tenant, ConcurrentSkipListMap<String, PartitionSpan>> e : known.entrySet()) {
      for (PartitionSpan s : List.copyOf(e.getValue().values())) {
        if (s.endNanos() > cutoffNanos) {
          continue;
        }
        e.getValue().remove(s.name());
        try {
          open.computeIfPresent(
              key(e.getKey(), s),
              (k, p) -> {
                try {
                  p.close();
                } catch (IOException x) {
                  throw new UncheckedIOException(x);
                }
                return null;
              });
        } catch (UncheckedIOException x) {
          throw x.getCause();
        }
        deleteTree(root.resolve(e.getKey().id()).resolve(s.name()));
        deleted++;
      }
    }
    return deleted;
  }

  public List<Tenant> tenants() {
    return List.copyOf(known.keySet());
  }

  /** Spans on disk for the tenant, oldest first. */
  public List<PartitionSpan> spansOf(Tenant tenant) {
    ConcurrentSkipListMap<String, PartitionSpan> s = known.get(tenant);
    return s == null ? List.of() : List.copyOf(s.values());
  }

  public int knownPartitionCount() {
    return known.values().stream().mapToInt(Map::size).sum();
  }

  /** Bytes of every partition on disk. */
  public long sizeBytes() throws IOException {
    if (!Files.exists(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(f -> {
            try {
              return Files.size(f);
            } catch (IOException e) {
              return 0; // merged away while walking
            }
          })
          .sum();
    }
  }

  public void closeAll() throws IOException {
    IOException first = null;
    for (Partition p : List.copyOf(open.values())) {
      try {
        p.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }

  private ConcurrentSkipListMap<String, PartitionSpan> spans(Tenant tenant) {
    return known.computeIfAbsent(tenant, t -> new ConcurrentSkipListMap<>());
  }

  private static String key(Tenant tenant, PartitionSpan span) {
    return tenant.id() + "/" + span.name();
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
