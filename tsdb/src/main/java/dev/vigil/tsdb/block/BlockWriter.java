package dev.vigil.tsdb.block;

import dev.vigil.model.series.Labels;
import dev.vigil.tsdb.chunk.ChunkAppender;
import dev.vigil.tsdb.chunk.ChunkEncoding;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Writes one block: series in increasing label order, each with its samples in strictly increasing
 * time order, encoded into fresh chunks of at most {@code chunkMaxSamples}. Everything goes to
 * {@code <tenantDir>/<id>.tmp}; {@link #commit} syncs the files, writes {@code meta.json} last and
 * renames the directory into place, so a crash leaves either a whole block or a {@code .tmp}
 * directory that the next start deletes. Not thread-safe.
 */
public final class BlockWriter implements AutoCloseable {
  private final Path tenantDir;
  private final Path tmp;
  private final String id;
  private final String tenant;
  private final int chunkMaxSamples;
  private final ChunksFile.Writer chunks;
  private final IndexWriter index;
  private final ChunkAppender appender = ChunkEncoding.ADAPTIVE.newAppender();
  private Labels labels;
  private long[] minT = new long[8];
  private long[] maxT = new long[8];
  private long[] refs = new long[8];
  private int chunkCount;
  private long lastT;
  private long blockMinT = Long.MAX_VALUE;
  private long blockMaxT = Long.MIN_VALUE;
  private long totalChunks;
  private long totalSamples;
  private boolean done;

  private BlockWriter(Path tenantDir, String tenant, int chunkMaxSamples, long nowMillis)
      throws IOException {
    this.tenantDir = tenantDir;
    this.tenant = tenant;
    this.chunkMaxSamples = chunkMaxSamples;
    this.id = Ulid.next(nowMillis);
    this.tmp = tenantDir.resolve(id + ".tmp");
    Files.createDirectories(tmp);
    this.chunks = new ChunksFile.Writer(tmp);
    this.index = new IndexWriter(tmp);
  }

  public static BlockWriter create(Path tenantDir, String tenant, int chunkMaxSamples)
      throws IOException {
    return new BlockWriter(tenantDir, tenant, chunkMaxSamples, System.currentTimeMillis());
  }

  public String id() {
    return id;
  }

  public void startSeries(Labels labels) {
    if (this.labels != null) {
      throw new IllegalStateException("BUG: startSeries before endSeries of " + this.labels);
    }
    this.labels = labels;
    chunkCount = 0;
  }

  /** Adds a sample to the current series; timestamps must strictly increase. */
  public void add(long t, double v) throws IOException {
    if (appender.sampleCount() > 0 && t <= lastT) {
      throw new IllegalStateException(
          "BUG: sample at " + t + " not after " + lastT + " in " + labels);
    }
    if (appender.sampleCount() >= chunkMaxSamples) {
      cutChunk();
    } else if (appender.sampleCount() == 0 && chunkCount > 0 && t <= maxT[chunkCount - 1]) {
      throw new IllegalStateException(
          "BUG: sample at " + t + " not after the last chunk of " + labels);
    }
    appender.append(t, v);
    lastT = t;
  }

  /** Ends the current series; a series without samples is left out of the block. */
  public void endSeries() throws IOException {
    if (appender.sampleCount() > 0) {
      cutChunk();
    }
    if (chunkCount > 0) {
      index.addSeries(labels, minT, maxT, refs, chunkCount);
      blockMinT = Math.min(blockMinT, minT[0]);
      blockMaxT = Math.max(blockMaxT, maxT[chunkCount - 1]);
    }
    labels = null;
  }

  private void cutChunk() throws IOException {
    if (chunkCount == minT.length) {
      minT = Arrays.copyOf(minT, chunkCount * 2);
      maxT = Arrays.copyOf(maxT, chunkCount * 2);
      refs = Arrays.copyOf(refs, chunkCount * 2);
    }
    minT[chunkCount] = appender.minTime();
    maxT[chunkCount] = appender.maxTime();
    refs[chunkCount] = chunks.write(appender.bytes());
    chunkCount++;
    totalChunks++;
    totalSamples += appender.sampleCount();
    appender.reset();
  }

  /** Whether no series with samples was added. */
  public boolean isEmpty() {
    return index.seriesCount() == 0;
  }

  /**
   * Finishes and syncs the files, writes {@code meta.json}, and renames the directory to its final
   * name. Returns the block's meta; the block is then on disk and survives a crash.
   *
   * @param sources the level-1 ancestors; empty means this block itself
   */
  public BlockMeta commit(
      int level, long sequence, List<String> sources, List<String> parents, long walCut)
      throws IOException {
    if (labels != null) {
      throw new IllegalStateException("BUG: commit inside series " + labels);
    }
    if (isEmpty()) {
      throw new IllegalStateException("BUG: committing an empty block");
    }
    long chunkBytes = chunks.finish();
    long indexBytes = index.finish();
    chunks.close();
    index.close();
    BlockMeta meta =
        new BlockMeta(
            id,
            tenant,
            blockMinT,
            blockMaxT,
            index.seriesCount(),
            totalChunks,
            totalSamples,
            level,
            sequence,
            sources.isEmpty() ? List.of(id) : sources,
            parents,
            walCut,
            chunkBytes,
            indexBytes);
    meta.write(tmp);
    syncDir(tmp);
    Path dir = tenantDir.resolve(id);
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    syncDir(tenantDir);
    done = true;
    return meta;
  }

  /** The directory the block was committed to. */
  public Path dir() {
    return tenantDir.resolve(id);
  }

  static void syncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Deletes the temporary directory unless the block was committed. */
  @Override
  public void close() throws IOException {
    if (done) {
      return;
    }
    done = true;
    chunks.close();
    index.close();
    BlockFiles.deleteTree(tmp);
  }
}
