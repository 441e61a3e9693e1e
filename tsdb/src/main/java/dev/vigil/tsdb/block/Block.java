package dev.vigil.tsdb.block;

import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesQuerier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open block: its meta, mapped index and chunks. Reference counted: the store holds one
 * reference while the block is live and every querier one more, so compaction and retention can
 * retire a block at any time and its files go only when the last reader is done. Thread-safe.
 */
public final class Block {
  private static final Logger log = LoggerFactory.getLogger(Block.class);

  private final Path dir;
  private final BlockMeta meta;
  private final IndexReader index;
  private final ChunksFile.Reader chunks;
  private final ChunkSummaries summaries = new ChunkSummaries();

  /**
   * Series ids by matchers: a block never changes, so a selection stays right for its life, and
   * rule groups ask the same selectors every tick (reading and intersecting postings was a tenth of
   * the rule threads' CPU in a profile of {@code bench/run.sh slo-eval}). Bounded in entries and in
   * ids held (4 MiB per block): a full cache takes no more rather than grow with ad hoc queries.
   */
  private final java.util.concurrent.ConcurrentHashMap<List<LabelMatcher>, int[]> selections =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final java.util.concurrent.atomic.AtomicLong selectedIds =
      new java.util.concurrent.atomic.AtomicLong();

  static final int MAX_SELECTIONS = 4096;
  static final long MAX_SELECTED_IDS = 1 << 20;
  private final AtomicInteger refs = new AtomicInteger(1);
  private volatile boolean deleteWhenUnused;
  private volatile Path moveWhenUnused;

  private final DecodedBlockChunks decoded;

  private Block(
      Path dir,
      BlockMeta meta,
      IndexReader index,
      ChunksFile.Reader chunks,
      DecodedBlockChunks decoded) {
    this.decoded = decoded;
    this.dir = dir;
    this.meta = meta;
    this.index = index;
    this.chunks = chunks;
  }

  /**
   * Opens and checks a block: meta checksum, file headers and sizes against the meta, the index
   * checksum. The chunks file is checked per chunk as it is read, and whole by {@link #verify}.
   *
   * @throws CorruptBlockException naming the damaged file
   */
  public static Block open(Path dir) throws IOException {
    return open(dir, DecodedBlockChunks.OFF);
  }

  /**
   * {@link #open(Path)}, keeping chunks read repeatedly decoded within {@code decoded}'s budget.
   *
   * @throws CorruptBlockException naming the damaged file
   */
  public static Block open(Path dir, DecodedBlockChunks decoded) throws IOException {
    BlockMeta meta = BlockMeta.read(dir);
    checkSize(dir.resolve(ChunksFile.NAME), meta.chunksBytes());
    checkSize(dir.resolve(IndexFile.NAME), meta.indexBytes());
    IndexReader index = new IndexReader(dir, decoded);
    try {
      if (index.seriesCount() != meta.series()) {
        throw new CorruptBlockException(
            dir.resolve(IndexFile.NAME),
            index.seriesCount() + " series, meta.json says " + meta.series());
      }
      return new Block(dir, meta, index, new ChunksFile.Reader(dir), decoded);
    } catch (IOException | RuntimeException e) {
      index.close();
      throw e;
    }
  }

  private static void checkSize(Path file, long expected) throws IOException {
    if (!Files.exists(file)) {
      throw new CorruptBlockException(file, "missing");
    }
    long size = Files.size(file);
    if (size != expected) {
      throw new CorruptBlockException(
          file, size + " bytes, meta.json says " + expected + " (truncated or torn)");
    }
  }

  public BlockMeta meta() {
    return meta;
  }

  public Path dir() {
    return dir;
  }

  public boolean overlaps(long minT, long maxT) {
    return meta.maxTime() >= minT && meta.minTime() <= maxT;
  }

  /** Verifies the chunks file's checksum (reads it all; compaction does this before merging). */
  public void verify() {
    chunks.file().verifyChecksum();
  }

  /** Pins the block for a reader; false if it is already retired and unmapped. */
  public boolean tryAcquire() {
    while (true) {
      int n = refs.get();
      if (n <= 0) {
        return false;
      }
      if (refs.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one unmaps the files and deletes them if the block was retired. */
  public void release() {
    int n = refs.decrementAndGet();
    if (n < 0) {
      throw new IllegalStateException(
          "BUG: block " + meta.id() + " released more often than acquired");
    }
    if (n == 0) {
      decoded.forget(chunks);
      index.close();
      chunks.close();
      if (moveWhenUnused != null) {
        try {
          Files.createDirectories(moveWhenUnused.getParent());
          Files.move(dir, moveWhenUnused, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          log.warn("could not move damaged block {} to {}: {}", dir, moveWhenUnused, e.toString());
        }
      } else if (deleteWhenUnused) {
        try {
          BlockFiles.delete(dir);
        } catch (IOException e) {
          log.warn(
              "could not delete retired block {} (the next start removes it): {}",
              dir,
              e.toString());
        }
      }
    }
  }

  /**
   * Retires the block: drops the store's reference and deletes the files once no reader holds it.
   */
  public void retire() {
    deleteWhenUnused = true;
    release();
  }

  /** Retires a damaged block: once no reader holds it, its directory moves to {@code target}. */
  public void retireTo(Path target) {
    moveWhenUnused = target;
    release();
  }

  /** Unmaps the block without deleting it (the store's reference, at close). */
  public void close() {
    release();
  }

  /**
   * A querier over the block's series restricted to {@code [minT, maxT]}. The caller holds a
   * reference for as long as it or the series it returned are used.
   */
  public SeriesQuerier querier(long minT, long maxT) {
    return new SeriesQuerier() {
      @Override
      public List<Series> select(List<LabelMatcher> matchers) {
        List<Series> out = new ArrayList<>();
        for (int id : select0(matchers)) {
          Series s = series(id, minT, maxT);
          if (s != null) {
            out.add(s);
          }
        }
        return out;
      }

      @Override
      public List<String> labelNames(List<LabelMatcher> matchers) {
        if (matchers.isEmpty()) {
          return index.labelNames();
        }
        TreeSet<String> names = new TreeSet<>();
        for (Series s : select(matchers)) {
          for (int i = 0; i < s.labels().size(); i++) {
            names.add(s.labels().name(i));
          }
        }
        return List.copyOf(names);
      }

      @Override
      public List<String> labelValues(String name, List<LabelMatcher> matchers) {
        if (matchers.isEmpty()) {
          return index.labelValues(name);
        }
        TreeSet<String> values = new TreeSet<>();
        for (Series s : select(matchers)) {
          String v = s.labels().get(name);
          if (!v.isEmpty()) {
            values.add(v);
          }
        }
        return List.copyOf(values);
      }

      @Override
      public void close() {}
    };
  }

  private int[] select0(List<LabelMatcher> matchers) {
    int[] kept = selections.get(matchers);
    if (kept != null) {
      return kept;
    }
    int[] ids = resolve(matchers);
    if (ids.length > MAX_SELECTED_IDS / 16) {
      return ids; // a selector over much of the block: cheap to resolve again relative to its use
    }
    // A full cache keeps what it has: clearing it would make more selectors than fit, asked in
    // turn by rule groups, miss every time instead of hitting for the ones kept.
    if (selections.size() >= MAX_SELECTIONS
        || selectedIds.addAndGet(ids.length) > MAX_SELECTED_IDS) {
      return ids;
    }
    selections.put(List.copyOf(matchers), ids); // callers never modify the array
    return ids;
  }

  /** Number of selections kept (tests). */
  int keptSelections() {
    return selections.size();
  }

  /** Estimated bytes of index entries kept decoded for queries (tests). */
  long keptEntryBytes() {
    return index.keptEntryBytes();
  }

  private int[] resolve(List<LabelMatcher> matchers) {
    if (matchers.stream().allMatch(LabelMatcher::matchesEmpty)) {
      throw new IllegalArgumentException(
          "a selector needs at least one matcher that does not match the empty string");
    }
    // The shortest list first, the others searched for its ids: equality matchers' lists are
    // ordered by their stored counts before any is decoded.
    List<long[]> equal = new ArrayList<>(); // {count, offset}
    List<int[]> other = new ArrayList<>();
    for (LabelMatcher m : matchers) {
      if (m.matchesEmpty()) {
        continue;
      }
      if (m.type() == LabelMatcher.Type.EQUAL) {
        long off = index.postingsOffset(m.name(), m.value());
        if (off < 0) {
          return new int[0];
        }
        equal.add(new long[] {index.postingsCount(off), off});
      } else {
        int[] p = index.postings(m);
        if (p.length == 0) {
          return p;
        }
        other.add(p);
      }
    }
    equal.sort((a, b) -> Long.compare(a[0], b[0]));
    other.sort((a, b) -> Integer.compare(a.length, b.length));
    List<int[]> lists = new ArrayList<>(equal.size() + other.size());
    int[] ids;
    if (other.isEmpty() || (!equal.isEmpty() && equal.get(0)[0] <= other.get(0).length)) {
      ids = index.postingsAt(equal.remove(0)[1]);
    } else {
      ids = other.remove(0);
    }
    int n = ids.length;
    if (!equal.isEmpty() || !other.isEmpty()) {
      ids = ids.clone(); // retained in place; the index's decoded lists are shared
    }
    for (long[] e : equal) {
      lists.add(index.postingsAt(e[1]));
    }
    lists.addAll(other);
    for (int i = 0; i < lists.size() && n > 0; i++) {
      n = Postings.retain(ids, n, lists.get(i));
    }
    if (n < ids.length) {
      ids = java.util.Arrays.copyOf(ids, n);
    }
    List<LabelMatcher> rest = matchers.stream().filter(LabelMatcher::matchesEmpty).toList();
    if (rest.isEmpty()) {
      return ids;
    }
    int accepted = 0;
    int[] out = new int[ids.length];
    for (int id : ids) {
      Labels l = index.series(id).labels();
      if (rest.stream().allMatch(m -> m.matches(l))) {
        out[accepted++] = id;
      }
    }
    return java.util.Arrays.copyOf(out, accepted);
  }

  /** Series {@code id} with its chunks overlapping {@code [minT, maxT]}; null when none do. */
  private Series series(int id, long minT, long maxT) {
    return series(index.series(id), minT, maxT);
  }

  private Series series(IndexReader.Entry e, long minT, long maxT) {
    int first = 0;
    while (first < e.refs().length && e.maxT()[first] < minT) {
      first++;
    }
    int last = first;
    while (last < e.refs().length && e.minT()[last] <= maxT) {
      last++;
    }
    if (first == last) {
      return null;
    }
    if (first == 0 && last == e.refs().length) {
      // The entry's own arrays: BlockSeries never modifies them.
      return new BlockSeries(
          e.labels(), chunks, e.minT(), e.maxT(), e.refs(), minT, maxT, summaries, decoded);
    }
    return new BlockSeries(
        e.labels(),
        chunks,
        java.util.Arrays.copyOfRange(e.minT(), first, last),
        java.util.Arrays.copyOfRange(e.maxT(), first, last),
        java.util.Arrays.copyOfRange(e.refs(), first, last),
        minT,
        maxT,
        summaries,
        decoded);
  }

  /** Number of series in the block. */
  public int seriesCount() {
    return index.seriesCount();
  }

  /**
   * Every series of the block, in label order, over all time: what compaction reads, so not kept in
   * the query cache of index entries.
   */
  public Series seriesAt(int id) {
    return series(index.read(id), Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /**
   * The series with exactly these labels over all time, or null. Binary search: ids are in label
   * order.
   */
  public Series find(Labels labels) {
    int lo = 0;
    int hi = index.seriesCount() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = index.read(mid).labels().compareTo(labels);
      if (c == 0) {
        return seriesAt(mid);
      }
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "block "
        + meta.id()
        + " of "
        + meta.tenant()
        + " ["
        + meta.minTime()
        + ", "
        + meta.maxTime()
        + "]";
  }
}
