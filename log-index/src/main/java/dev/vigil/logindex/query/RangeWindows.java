package dev.vigil.logindex.query;

import dev.vigil.logindex.logql.Expr.RangeAggregation;
import dev.vigil.model.series.Labels;
import java.util.Arrays;
import java.util.Map;

/**
 * Turns the collected lines of each series into a range function's value at every step: the lines
 * with {@code t - offset - range < ts <= t - offset}, counted or summed, per second for the rates.
 * Two pointers over sorted timestamps: O(lines + steps) per series.
 */
final class RangeWindows {
  private RangeWindows() {}

  static StepMatrix evaluate(
      RangeAggregation agg,
      Map<Labels, SampleCollector.Points> series,
      long startNanos,
      long stepNanos,
      int steps) {
    StepMatrix m = new StepMatrix(startNanos, stepNanos, steps);
    double seconds = agg.rangeNanos() / 1e9;
    for (Map.Entry<Labels, SampleCollector.Points> e : series.entrySet()) {
      SampleCollector.Points p = e.getValue();
      long[][] sorted = sortByTime(p);
      long[] ts = sorted[0];
      long[] prefix = new long[ts.length + 1];
      for (int i = 0; i < ts.length; i++) {
        prefix[i + 1] = prefix[i] + sorted[1][i];
      }
      double[] values = null;
      int lo = 0;
      int hi = 0;
      for (int step = 0; step < steps; step++) {
        long end = m.time(step) - agg.offsetNanos();
        long start = end - agg.rangeNanos();
        while (lo < ts.length && ts[lo] <= start) {
          lo++;
        }
        hi = Math.max(hi, lo);
        while (hi < ts.length && ts[hi] <= end) {
          hi++;
        }
        int count = hi - lo;
        if (count == 0) {
          continue;
        }
        double bytes = prefix[hi] - prefix[lo];
        double v =
            switch (agg.op()) {
              case COUNT_OVER_TIME -> count;
              case RATE -> count / seconds;
              case BYTES_OVER_TIME -> bytes;
              case BYTES_RATE -> bytes / seconds;
            };
        if (values == null) {
          values = m.add(e.getKey());
        }
        values[step] = v;
      }
    }
    return m;
  }

  private static long[][] sortByTime(SampleCollector.Points p) {
    long[] ts = Arrays.copyOf(p.ts, p.size);
    long[] bytes = Arrays.copyOf(p.bytes, p.size);
    boolean sorted = true;
    for (int i = 1; i < ts.length && sorted; i++) {
      sorted = ts[i - 1] <= ts[i];
    }
    if (sorted) {
      return new long[][] {ts, bytes};
    }
    Integer[] order = new Integer[ts.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(p.ts[a], p.ts[b]));
    for (int i = 0; i < order.length; i++) {
      ts[i] = p.ts[order[i]];
      bytes[i] = p.bytes[order[i]];
    }
    return new long[][] {ts, bytes};
  }
}
