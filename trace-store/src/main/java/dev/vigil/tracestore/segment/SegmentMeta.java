package dev.vigil.tracestore.segment;

import java.nio.file.Path;

/**
 * What a segment holds, from its header and footer. {@code replaces} makes compaction safe: at
 * open, a segment listed there by another is deleted, so a crash between writing the merged segment
 * and deleting its inputs duplicates nothing. Retention goes by {@code createdUnixMillis} (when the
 * spans were stored), not by span timestamps, which clients set and may skew. {@code walUpTo} is
 * the last write-ahead-log file whose spans are all in this segment or older ones: replay skips
 * those files, so a crash between writing a segment and deleting the log files it covers duplicates
 * nothing.
 */
public record SegmentMeta(
    Path file,
    long sequence,
    long spanCount,
    long traceCount,
    long minStartUnixNano,
    long maxEndUnixNano,
    long walUpTo,
    long sizeBytes,
    long createdUnixMillis,
    long[] replaces) {

  public SegmentMeta {
    replaces = replaces.clone();
  }

  /** Sequences of the segments this one replaced (a compaction's inputs); empty for a flush. */
  @Override
  public long[] replaces() {
    return replaces.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SegmentMeta m
        && file.equals(m.file)
        && sequence == m.sequence
        && spanCount == m.spanCount
        && traceCount == m.traceCount
        && minStartUnixNano == m.minStartUnixNano
        && maxEndUnixNano == m.maxEndUnixNano
        && walUpTo == m.walUpTo
        && sizeBytes == m.sizeBytes
        && createdUnixMillis == m.createdUnixMillis
        && java.util.Arrays.equals(replaces, m.replaces);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sequence) * 31 + file.hashCode();
  }
}
