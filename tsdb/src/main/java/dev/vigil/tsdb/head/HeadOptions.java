package dev.vigil.tsdb.head;

import dev.vigil.tsdb.wal.FsyncPolicy;

/**
 * @param fsync when the WAL is forced to disk relative to a commit
 * @param fsyncIntervalMillis the interval of {@link FsyncPolicy#INTERVAL}
 * @param outOfOrderWindowMillis how far behind a series' newest sample an older sample is still
 *     accepted and merged; older ones are refused and counted
 * @param maxSeriesPerTenant active series a tenant may have in the head (the cardinality guard)
 * @param chunkMaxSamples a head chunk is cut after this many samples
 * @param chunkMaxSpanMillis or when it would span longer than this
 * @param walSegmentBytes size at which a WAL segment is closed and the next begun
 * @param decodedChunkCacheBytes heap for head chunks kept decoded because they are read repeatedly
 *     (rule evaluation); 0 turns it off
 * @param maxExemplarsPerTenant exemplars kept per tenant, newest first (a ring, as in Prometheus);
 *     0 keeps none and refuses them
 */
public record HeadOptions(
    FsyncPolicy fsync,
    long fsyncIntervalMillis,
    long outOfOrderWindowMillis,
    int maxSeriesPerTenant,
    int chunkMaxSamples,
    long chunkMaxSpanMillis,
    long walSegmentBytes,
    long decodedChunkCacheBytes,
    int maxExemplarsPerTenant) {

  public static final HeadOptions DEFAULT =
      new HeadOptions(
          FsyncPolicy.ALWAYS,
          1000,
          10 * 60_000L,
          1_000_000,
          120,
          2 * 3_600_000L,
          128L << 20,
          64L << 20,
          100_000);

  public HeadOptions {
    if (decodedChunkCacheBytes < 0) {
      throw new IllegalArgumentException(
          "decoded chunk cache must be 0 (off) or more bytes, got " + decodedChunkCacheBytes);
    }
    if (maxExemplarsPerTenant < 0) {
      throw new IllegalArgumentException(
          "max exemplars per tenant must be 0 (off) or more, got " + maxExemplarsPerTenant);
    }
  }

  public HeadOptions withFsync(FsyncPolicy policy) {
    return new HeadOptions(
        policy,
        fsyncIntervalMillis,
        outOfOrderWindowMillis,
        maxSeriesPerTenant,
        chunkMaxSamples,
        chunkMaxSpanMillis,
        walSegmentBytes,
        decodedChunkCacheBytes,
        maxExemplarsPerTenant);
  }

  public HeadOptions withMaxSeriesPerTenant(int max) {
    return new HeadOptions(
        fsync,
        fsyncIntervalMillis,
        outOfOrderWindowMillis,
        max,
        chunkMaxSamples,
        chunkMaxSpanMillis,
        walSegmentBytes,
        decodedChunkCacheBytes,
        maxExemplarsPerTenant);
  }

  public HeadOptions withOutOfOrderWindow(long millis) {
    return new HeadOptions(
        fsync,
        fsyncIntervalMillis,
        millis,
        maxSeriesPerTenant,
        chunkMaxSamples,
        chunkMaxSpanMillis,
        walSegmentBytes,
        decodedChunkCacheBytes,
        maxExemplarsPerTenant);
  }

  public HeadOptions withDecodedChunkCacheBytes(long bytes) {
    return new HeadOptions(
        fsync,
        fsyncIntervalMillis,
        outOfOrderWindowMillis,
        maxSeriesPerTenant,
        chunkMaxSamples,
        chunkMaxSpanMillis,
        walSegmentBytes,
        bytes,
        maxExemplarsPerTenant);
  }

  public HeadOptions withMaxExemplarsPerTenant(int max) {
    return new HeadOptions(
        fsync,
        fsyncIntervalMillis,
        outOfOrderWindowMillis,
        maxSeriesPerTenant,
        chunkMaxSamples,
        chunkMaxSpanMillis,
        walSegmentBytes,
        decodedChunkCacheBytes,
        max);
  }
}
