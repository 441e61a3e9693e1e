package dev.vigil.tsdb;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.ExemplarStore;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesExemplars;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.model.series.SeriesStore;
import dev.vigil.tsdb.block.Block;
import dev.vigil.tsdb.head.Head;
import dev.vigil.tsdb.head.HeadOptions;
import dev.vigil.tsdb.head.HeadStats;
import dev.vigil.tsdb.query.MergeQuerier;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The metrics store of one Vigil process, rooted at a directory ({@code <data-dir>/tsdb}): {@code
 * wal/} holds the write-ahead log, {@code blocks/<tenant>/<ulid>/} the immutable blocks, and {@code
 * quarantine/} blocks found damaged. Opening settles what a crash left (see {@code BlockLoader})
 * and replays the WAL. A background thread cuts the head into blocks, merges blocks and applies
 * retention. Queries merge the blocks overlapping their range with the head. Thread-safe.
 */
public final class Tsdb implements SeriesStore, ExemplarStore, AutoCloseable {
  private final Path dir;
  private final MetricMetadata metadata = new MetricMetadata();
  private final Head head;
  private final TsdbOptions options;
  private final BlockSet blocks;
  private final TsdbStats stats;
  private final HeadCompactor headCompactor;
  private final BlockCompactor blockCompactor;
  private final Retention retention;
  private final ReentrantLock maintenance = new ReentrantLock();
  private final MaintenanceThread thread;

  private Tsdb(Path dir, HeadOptions headOptions, TsdbOptions options) throws IOException {
    this.dir = dir;
    this.options = options;
    // The head's decoded-chunk budget once more for blocks: rules read the chunks at their
    // windows' edges from blocks as often as the newest from the head.
    this.blocks =
        new BlockSet(
            new dev.vigil.tsdb.block.DecodedBlockChunks(headOptions.decodedChunkCacheBytes()));
    this.stats = new TsdbStats(blocks);
    // Blocks first: a head block whose cut did not commit is deleted before the WAL replays it.
    blocks.replace(BlockLoader.load(dir, stats, blocks.decoded), List.of());
    this.head = Head.open(dir.resolve("wal"), headOptions);
    this.headCompactor = new HeadCompactor(head, blocks, dir.resolve("blocks"), options, stats);
    this.blockCompactor = new BlockCompactor(dir, blocks, options, stats);
    this.retention = new Retention(blocks, options, stats);
    if (options.maintenanceIntervalMillis() > 0) {
      thread = new MaintenanceThread(this, options.maintenanceIntervalMillis());
      thread.start();
    } else {
      thread = null;
    }
  }

  public static Tsdb open(Path dir, HeadOptions options) throws IOException {
    return open(dir, options, TsdbOptions.DEFAULT);
  }

  public static Tsdb open(Path dir, HeadOptions headOptions, TsdbOptions options)
      throws IOException {
    return new Tsdb(dir, headOptions, options);
  }

  public Path dir() {
    return dir;
  }

  /** An appender for one writing thread. */
  public SeriesAppender appender() {
    return head.appender();
  }

  /**
   * Merges the tenant's blocks overlapping the range (pinned until the querier is closed) with the
   * head; on equal timestamps the head, then the block with the newest data, wins.
   */
  @Override
  public SeriesQuerier querier(Tenant tenant, long minTime, long maxTime) {
    BlockSet.Pinned pinned = blocks.pin(tenant, minTime, maxTime);
    List<SeriesQuerier> sources = new ArrayList<>();
    for (Block b : pinned.blocks) {
      sources.add(b.querier(minTime, maxTime));
    }
    sources.add(head.querier(tenant, minTime, maxTime));
    return new MergeQuerier(sources, pinned::release);
  }

  /** Exemplars live in the head only (memory and WAL), never in blocks; see {@link Head}. */
  @Override
  public List<SeriesExemplars> exemplars(
      Tenant tenant, long minTime, long maxTime, List<List<LabelMatcher>> selectors) {
    return head.exemplars(tenant, minTime, maxTime, selectors);
  }

  /** Exemplars held in memory over all tenants. */
  public long exemplarCount() {
    return head.exemplarCount();
  }

  /**
   * One round of background work, also what the maintenance thread runs: cut the head if it holds a
   * complete block range beyond the margin, merge blocks that are due, apply retention.
   */
  public void maintain() throws IOException {
    maintenance.lock();
    try {
      headCompactor.compactIfDue();
      blockCompactor.compactAll(completeBefore());
      retention.apply(newest());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during maintenance", e);
    } finally {
      maintenance.unlock();
    }
  }

  /**
   * Persists every sample now in the head to blocks (for shutdown snapshots, tests and tools);
   * later samples for the same ranges make overlapping blocks, which queries and compaction merge.
   */
  public void flushHead() throws IOException {
    maintenance.lock();
    try {
      long max = head.maxTime();
      if (max != Long.MIN_VALUE) {
        headCompactor.cut(max == Long.MAX_VALUE ? max : max + 1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while flushing the head", e);
    } finally {
      maintenance.unlock();
    }
  }

  /**
   * Copies the tenant's data as blocks into {@code snapshots/<name>/<tenant>/} under this store's
   * directory, as Prometheus' snapshot API does: every block is hard-linked (no bytes copied; the
   * store may delete its own link later without touching the snapshot's), and unless {@code
   * skipHead} the samples now in the head are written there as level-1 blocks, leaving the head and
   * the WAL as they are. The snapshot is built in {@code <name>.tmp} and renamed when complete, so
   * a directory named by a bare snapshot name is whole. Returns the snapshot's name.
   */
  public String snapshot(Tenant tenant, boolean skipHead) throws IOException {
    String name =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.now())
            + "-"
            + String.format("%016x", java.util.concurrent.ThreadLocalRandom.current().nextLong());
    Path snapshots = dir.resolve("snapshots");
    Path tmp = snapshots.resolve(name + ".tmp");
    Path tenantDir = tmp.resolve(tenant.id());
    Files.createDirectories(tenantDir);
    // Holding maintenance keeps merges and retention from deleting a block while it is linked.
    maintenance.lock();
    try {
      for (Block b : blocks.of(tenant)) {
        Path target = tenantDir.resolve(b.dir().getFileName());
        Files.createDirectory(target);
        try (var files = Files.list(b.dir())) {
          for (Path f : (Iterable<Path>) files::iterator) {
            Files.createLink(target.resolve(f.getFileName()), f);
          }
        }
        syncDir(target);
      }
      if (!skipHead) {
        for (Block b : headCompactor.writeTenant(head::forEachSeries, tenant, tenantDir, -1)) {
          b.close();
        }
      }
      syncDir(tenantDir);
      Files.move(tmp, snapshots.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      syncDir(snapshots);
    } catch (IOException | RuntimeException e) {
      dev.vigil.tsdb.block.BlockFiles.deleteTree(tmp);
      throw e;
    } finally {
      maintenance.unlock();
    }
    return name;
  }

  private static void syncDir(Path d) throws IOException {
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Merges every group of blocks that is due now (tests and tools; the thread does it too). */
  public int compactBlocks() throws IOException {
    maintenance.lock();
    try {
      return blockCompactor.compactAll(completeBefore());
    } finally {
      maintenance.unlock();
    }
  }

  /** Windows ending at or before this are complete: the head holds nothing older. */
  private long completeBefore() {
    long headMin = head.minTime();
    long blocksMax = Long.MIN_VALUE;
    for (Block b : blocks.all()) {
      blocksMax = Math.max(blocksMax, b.meta().maxTime());
    }
    return headMin == Long.MAX_VALUE
        ? (blocksMax == Long.MIN_VALUE ? blocksMax : blocksMax + 1)
        : headMin;
  }

  private long newest() {
    long n = head.maxTime();
    for (Block b : blocks.all()) {
      n = Math.max(n, b.meta().maxTime());
    }
    return n;
  }

  /** Type, help and unit per metric family, as last reported. */
  public MetricMetadata metadata() {
    return metadata;
  }

  public HeadStats stats() {
    return head.stats();
  }

  /** Blocks, bytes on disk, compactions and retention deletions. */
  public TsdbStats blockStats() {
    return stats;
  }

  TsdbStats statsInternal() {
    return stats;
  }

  HeadCompactor headCompactor() {
    return headCompactor;
  }

  BlockSet blockSet() {
    return blocks;
  }

  List<Block> blocks() {
    return blocks.all();
  }

  public int seriesCount() {
    return head.seriesCount();
  }

  public long headChunkBytes() {
    return head.chunkBytes();
  }

  public TsdbOptions options() {
    return options;
  }

  @Override
  public void close() throws IOException {
    if (thread != null) {
      try {
        thread.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    maintenance.lock();
    try {
      head.close();
      blocks.closeAll();
    } finally {
      maintenance.unlock();
    }
  }
}
