package dev.vigil.tsdb;

import java.util.List;

/**
 * How the tsdb lays out and keeps data on disk ({@link dev.vigil.tsdb.head.HeadOptions} governs the
 * head).
 *
 * @param blockRangeMillis the span of a block cut from the head, aligned to multiples of it (2 h)
 * @param headMarginMillis how much newer data the head must hold before the range below it is cut:
 *     late samples for a range still in the head cost nothing; later ones make small overlapping
 *     blocks (1 h, so the head spans 1 to 3 h, as Prometheus' 1.5 × range)
 * @param compactionRangesMillis the spans adjacent blocks are merged into, ascending, each a
 *     multiple of the previous one and of the block range (6 h, 24 h)
 * @param retentionMillis blocks whose newest sample is older than this behind the newest sample
 *     stored are deleted (15 days); 0 keeps everything
 * @param retentionBytes when the blocks take more bytes than this, the oldest are deleted; 0 = off
 * @param maintenanceIntervalMillis how often the background thread looks for work (1 min); 0 runs
 *     no thread, and the owner calls {@link Tsdb#maintain()} itself
 * @param blockChunkSamples samples per chunk in blocks cut from the head (480: a whole 2 h block at
 *     15 s in one chunk; the head keeps 120-sample chunks). A chunk's header, coder warm-up,
 *     length, CRC and index entry cost ~40 bytes, 0.17 B/sample at 120 samples and a quarter of
 *     that at 480; the price is decoding up to 480 samples for a query touching one of them
 * @param mergedChunkSamples samples per chunk in merged blocks, which re-encode their parents'
 *     samples (1920: 8 h at 15 s; data old enough to be merged is read in long ranges, so the
 *     longer decode per touched chunk matters less than the 0.04 B/sample it saves)
 * @param readerWaitMillis how long a head cut waits for queriers opened before its blocks became
 *     visible, before truncating the head under them anyway (a leaked querier must not stop
 *     compaction)
 */
public record TsdbOptions(
    long blockRangeMillis,
    long headMarginMillis,
    List<Long> compactionRangesMillis,
    long retentionMillis,
    long retentionBytes,
    long maintenanceIntervalMillis,
    int blockChunkSamples,
    int mergedChunkSamples,
    long readerWaitMillis) {
  private static final long HOUR = 3_600_000L;

  public static final TsdbOptions DEFAULT =
      new TsdbOptions(
          2 * HOUR,
          HOUR,
          List.of(6 * HOUR, 24 * HOUR),
          15 * 24 * HOUR,
          0,
          60_000,
          480,
          1920,
          60_000);

  public TsdbOptions {
    compactionRangesMillis = List.copyOf(compactionRangesMillis);
    if (blockRangeMillis <= 0
        || headMarginMillis < 0
        || retentionMillis < 0
        || retentionBytes < 0
        || maintenanceIntervalMillis < 0
        || blockChunkSamples < 1
        || mergedChunkSamples < 1
        || readerWaitMillis < 0) {
      throw new IllegalArgumentException(
          "tsdb options out of range: "
              + blockRangeMillis
              + ", "
              + headMarginMillis
              + ", "
              + retentionMillis
              + ", "
              + retentionBytes
              + ", "
              + maintenanceIntervalMillis
              + ", "
              + blockChunkSamples);
    }
    long previous = blockRangeMillis;
    for (long r : compactionRangesMillis) {
      if (r <= previous || r % previous != 0) {
        throw new IllegalArgumentException(
            "compaction range " + r + " ms is not a larger multiple of " + previous + " ms");
      }
      previous = r;
    }
  }

  public TsdbOptions withBlockRange(
      long rangeMillis, long marginMillis, List<Long> compactionRanges) {
    return new TsdbOptions(
        rangeMillis,
        marginMillis,
        compactionRanges,
        retentionMillis,
        retentionBytes,
        maintenanceIntervalMillis,
        blockChunkSamples,
        mergedChunkSamples,
        readerWaitMillis);
  }

  public TsdbOptions withRetention(long millis, long bytes) {
    return new TsdbOptions(
        blockRangeMillis,
        headMarginMillis,
        compactionRangesMillis,
        millis,
        bytes,
        maintenanceIntervalMillis,
        blockChunkSamples,
        mergedChunkSamples,
        readerWaitMillis);
  }

  public TsdbOptions withMaintenanceInterval(long millis) {
    return new TsdbOptions(
        blockRangeMillis,
        headMarginMillis,
        compactionRangesMillis,
        retentionMillis,
        retentionBytes,
        millis,
        blockChunkSamples,
        mergedChunkSamples,
        readerWaitMillis);
  }

  public TsdbOptions withBlockChunkSamples(int headCut, int merged) {
    return new TsdbOptions(
        blockRangeMillis,
        headMarginMillis,
        compactionRangesMillis,
        retentionMillis,
        retentionBytes,
        maintenanceIntervalMillis,
        headCut,
        merged,
        readerWaitMillis);
  }
}
