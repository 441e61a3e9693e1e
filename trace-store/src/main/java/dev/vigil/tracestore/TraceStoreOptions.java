package dev.vigil.tracestore;

import dev.vigil.tracestore.codec.BlockLayout;
import dev.vigil.tracestore.codec.Compression;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TraceStore} behaves. Start from {@link #defaults()} and change what you need with
 * the {@code with…} methods.
 *
 * @param fsync force the write-ahead log to disk before {@code append} returns (group commit); off
 *     only for benchmarks and throw-away data
 * @param flushAfter a tenant's buffered spans go into a segment once the oldest has waited this
 *     long; late spans of a trace may land in a later segment, reads merge them
 * @param maxBufferBytes a tenant's buffer is flushed once its encoded spans reach this size
 * @param retention segments written longer ago than this are deleted
 * @param maxBytesPerTenant the oldest segments of a tenant are deleted while its segments, with
 *     their share of the search index, take more than this; 0 means no limit
 * @param maintenanceInterval how often the background task checks flush age and retention
 * @param blockLayout and {@code compression}: how segment blocks are encoded (README: measured)
 * @param targetBlockBytes uncompressed size at which a segment block is closed: smaller blocks make
 *     trace-by-id read less, larger ones compress better
 * @param dependencyTraceLimit at most this many traces are read to build a dependency graph
 * @param compactionWindow segments written within the same window (aligned to the epoch) are merged
 *     once the window has passed, up to {@code compactionTargetBytes} per merged segment; time
 *     retention then deletes a window at once
 * @param clock time source for flush age and retention; tests inject a fixed one
 */
public record TraceStoreOptions(
    boolean fsync,
    Duration flushAfter,
    long maxBufferBytes,
    Duration retention,
    long maxBytesPerTenant,
    Duration maintenanceInterval,
    BlockLayout blockLayout,
    Compression compression,
    int targetBlockBytes,
    int dependencyTraceLimit,
    Duration compactionWindow,
    long compactionTargetBytes,
    Clock clock) {

  public TraceStoreOptions {
    Objects.requireNonNull(flushAfter, "flushAfter");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(maintenanceInterval, "maintenanceInterval");
    Objects.requireNonNull(blockLayout, "blockLayout");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(compactionWindow, "compactionWindow");
    if (compactionWindow.toMillis() < 1) {
      throw new IllegalArgumentException("compactionWindow must be at least 1 ms");
    }
    if (maxBufferBytes < 1 || targetBlockBytes < 1 || dependencyTraceLimit < 1) {
      throw new IllegalArgumentException(
          "maxBufferBytes, targetBlockBytes and dependencyTraceLimit must be positive");
    }
    if (compactionTargetBytes < 0) {
      throw new IllegalArgumentException(
          "compactionTargetBytes must be 0 (no compaction) or positive");
    }
    if (maxBytesPerTenant < 0) {
      throw new IllegalArgumentException("maxBytesPerTenant must be 0 (no limit) or positive");
    }
  }

  public static TraceStoreOptions defaults() {
    return new TraceStoreOptions(
        true,
        Duration.ofMinutes(1),
        64L << 20,
        Duration.ofDays(7),
        0,
        Duration.ofSeconds(5),
        BlockLayout.COLUMNS,
        Compression.ZSTD,
        256 << 10,
        10_000,
        Duration.ofHours(1),
        256L << 20,
        Clock.systemUTC());
  }

  public TraceStoreOptions withFsync(boolean v) {
    return new TraceStoreOptions(
        v,
        flushAfter,
        maxBufferBytes,
        retention,
        maxBytesPerTenant,
        maintenanceInterval,
        blockLayout,
        compression,
        targetBlockBytes,
        dependencyTraceLimit,
        compactionWindow,
        compactionTargetBytes,
        clock);
  }

  public TraceStoreOptions withFlush(Duration after, long maxBytes) {
    return new TraceStoreOptions(
        fsync,
        after,
        maxBytes,
        retention,
        maxBytesPerTenant,
        maintenanceInterval,
        blockLayout,
        compression,
        targetBlockBytes,
        dependencyTraceLimit,
        compactionWindow,
        compactionTargetBytes,
        clock);
  }

  public TraceStoreOptions withRetention(Duration age, long maxBytes) {
    return new TraceStoreOptions(
        fsync,
        flushAfter,
        maxBufferBytes,
        age,
        maxBytes,
        maintenanceInterval,
        blockLayout,
        compression,
        targetBlockBytes,
        dependencyTraceLimit,
        compactionWindow,
        compactionTargetBytes,
        clock);
  }

  public TraceStoreOptions withMaintenanceInterval(Duration v) {
    return new TraceStoreOptions(
        fsync,
        flushAfter,
        maxBufferBytes,
        retention,
        maxBytesPerTenant,
        v,
        blockLayout,
        compression,
        targetBlockBytes,
        dependencyTraceLimit,
        compactionWindow,
        compactionTargetBytes,
        clock);
  }

  public TraceStoreOptions withBlocks(BlockLayout layout, Compression c, int targetBytes) {
    return new TraceStoreOptions(
        fsync,
        flushAfter,
        maxBufferBytes,
        retention,
        maxBytesPerTenant,
        maintenanceInterval,
        layout,
        c,
        targetBytes,
        dependencyTraceLimit,
        compactionWindow,
        compactionTargetBytes,
        clock);
  }

  public TraceStoreOptions withCompaction(Duration window, long targetBytes) {
    return new TraceStoreOptions(
        fsync,
        flushAfter,
        maxBufferBytes,
        retention,
        maxBytesPerTenant,
        maintenanceInterval,
        blockLayout,
        compression,
        targetBlockBytes,
        dependencyTraceLimit,
        window,
        targetBytes,
        clock);
  }

  public TraceStoreOptions withClock(Clock v) {
    return new TraceStoreOptions(
        fsync,
        flushAfter,
        maxBufferBytes,
        retention,
        maxBytesPerTenant,
        maintenanceInterval,
        blockLayout,
        compression,
        targetBlockBytes,
        dependencyTraceLimit,
        compactionWindow,
        compactionTargetBytes,
        v);
  }
}
