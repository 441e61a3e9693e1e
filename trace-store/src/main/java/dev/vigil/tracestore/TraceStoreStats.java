package dev.vigil.tracestore;

/**
 * Figures for one tenant, or summed over all tenants, for {@code /metrics} and the benchmark.
 *
 * @param indexBytes the search index's files on disk
 * @param walCorruptions damaged log tails cut off during replay since open
 * @param quarantinedSegments segment files that failed verification at open and were renamed to
 *     {@code *.corrupt}
 */
public record TraceStoreStats(
    long appendedSpans,
    long replayedSpans,
    long bufferedSpans,
    long bufferedBytes,
    long segments,
    long segmentSpans,
    long segmentBytes,
    long indexBytes,
    long walBytes,
    long indexedSpans,
    long flushes,
    long deletedSegments,
    long compactions,
    long walCorruptions,
    long quarantinedSegments) {

  public static final TraceStoreStats EMPTY =
      new TraceStoreStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  TraceStoreStats plus(TraceStoreStats o) {
    return new TraceStoreStats(
        appendedSpans + o.appendedSpans,
        replayedSpans + o.replayedSpans,
        bufferedSpans + o.bufferedSpans,
        bufferedBytes + o.bufferedBytes,
        segments + o.segments,
        segmentSpans + o.segmentSpans,
        segmentBytes + o.segmentBytes,
        indexBytes + o.indexBytes,
        walBytes + o.walBytes,
        indexedSpans + o.indexedSpans,
        flushes + o.flushes,
        deletedSegments + o.deletedSegments,
        compactions + o.compactions,
        walCorruptions + o.walCorruptions,
        quarantinedSegments + o.quarantinedSegments);
  }
}
