package dev.vigil.tracestore;

import dev.vigil.tracestore.segment.Segment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which segments retention deletes: those written before the age cutoff, then the oldest written
 * while the rest exceed the tenant's size limit. Age is the write time; a merged segment has its
 * newest input's, so it goes when the last of its data is due.
 */
final class RetentionPlan {
  private RetentionPlan() {}

  static List<Segment> doomed(
      List<Segment> segments, long retentionMillis, long maxBytes, long nowMillis) {
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
      long total = 0;
      for (Segment s : kept) {
        total += s.meta().sizeBytes();
      }
      for (int i = 0; i < kept.size() && total > maxBytes; i++) {
        total -= kept.get(i).meta().sizeBytes();
        doomed.add(kept.get(i));
      }
    }
    return doomed;
  }
}
