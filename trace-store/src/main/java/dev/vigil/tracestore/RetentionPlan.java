package dev.vigil.tracestore;

import dev.vigil.tracestore.segment.Segment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which segments retention deletes: those written before the age cutoff, then the oldest written
 * while the rest exceed the tenant's size limit. Age is the write time; a merged segment has its
 * newest input's, so it goes when the last of its data is due.
 *
 * <p>A segment's size counts its share of the search index (the index's bytes spread over the
 * segments by span count), since a limit on disk use that left out about 40 % of the disk would be
 * a promise the store does not keep. The share is an estimate: the index frees a deleted segment's
 * bytes only when Lucene merges, so right after a deletion the measured index is still larger than
 * what remains.
 */
final class RetentionPlan {
  private RetentionPlan() {}

  static List<Segment> doomed(
      List<Segment> segments,
      long retentionMillis,
      long maxBytes,
      long nowMillis,
      long indexBytes) {
    long cutoff = nowMillis - retentionMillis;
    List<Segment> doomed = new ArrayList<>();
    List<Segment> kept = new ArrayList<>();
    for (Segment s : segments) {
      (s.meta().createdUnixMillis() < cutoff ? doomed : kept).add(s);
    }
    if (maxBytes > 0) {
      kept.sort(
          Comparator.comparingLong((Segment s) -> s.meta().createdUnixMillis())
              .thenComparingLong(s -> s.meta().sequence()));
      long spans = 0;
      for (Segment s : segments) {
        spans += s.meta().spanCount();
      }
      double indexPerSpan = spans == 0 ? 0 : (double) indexBytes / spans;
      double total = 0;
      for (Segment s : kept) {
        total += size(s, indexPerSpan);
      }
      for (int i = 0; i < kept.size() && total > maxBytes; i++) {
        total -= size(kept.get(i), indexPerSpan);
        doomed.add(kept.get(i));
      }
    }
    return doomed;
  }

  private static double size(Segment s, double indexPerSpan) {
    return s.meta().sizeBytes() + s.meta().spanCount() * indexPerSpan;
  }
}
