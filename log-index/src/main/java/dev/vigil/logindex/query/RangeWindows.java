package dev.vigil.logindex.query;

import dev.vigil.logindex.logql.Expr;
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
      if (!p.keepTimes) {
        // One window, the range the lines were searched in: all of them are in it.
        if (steps != 1) {
          throw new IllegalStateException("BUG: lines without times for " + steps + " steps");
        }
        if (p.size > 0) {
          m.add(e.getKey())[0] = value(agg.op(), p.size, p.bytesTotal, seconds);
        }
        continue;
      }
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
        double v = value(agg.op(), count, prefix[hi] - prefix[lo], seconds);
        if (values == null) {
          values = m.add(e.getKey());
        }
        values[step] = v;
      }
    }
    return m;
  }

  private static double value(Expr.RangeOp op, long count, long bytes, double seconds) {
    return switch (op) {
      case COUNT_OVER_TIME -> count;
      case RATE -> count / seconds;
      case BYTES_OVER_TIME -> bytes;
      case BYTES_RATE -> bytes / seconds;
      // Counted as count_over_time; LogQueryEngine turns the counts into absence.
      case ABSENT_OVER_TIME -> count;
    };
  }

  /**
   * The series' lines in time order. They arrive newest first within each segment (the index sort),
   * segment after segment: reversed, they are ascending runs, one per segment, merged pairwise
   * (O(lines × log segments); a boxed sort of a 10 M-line hour took a second, an in-place sort that
   * ignored the runs three times longer still).
   */
  private static long[][] sortByTime(SampleCollector.Points p) {
    int n = p.size;
    long[] ts = new long[n];
    long[] bytes = new long[n];
    for (int i = 0; i < n; i++) {
      ts[i] = p.ts[n - 1 - i];
      bytes[i] = p.bytes[n - 1 - i];
    }
    int[] starts = new int[8];
    int runs = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || ts[i - 1] > ts[i]) {
        if (runs == starts.length) {
          starts = Arrays.copyOf(starts, runs * 2);
        }
        starts[runs++] = i;
      }
    }
    if (runs <= 1) {
      return new long[][] {ts, bytes};
    }
    long[] ts2 = new long[n];
    long[] bytes2 = new long[n];
    while (runs > 1) {
      int merged = 0;
      for (int r = 0; r < runs; r += 2) {
        int lo = starts[r];
        int mid = r + 1 < runs ? starts[r + 1] : n;
        int hi = r + 2 < runs ? starts[r + 2] : n;
        int a = lo;
        int b = mid;
        for (int o = lo; o < hi; o++) {
          boolean left = b >= hi || (a < mid && ts[a] <= ts[b]);
          int from = left ? a++ : b++;
          ts2[o] = ts[from];
          bytes2[o] = bytes[from];
        }
        starts[merged++] = lo;
      }
      runs = merged;
      long[] t = ts;
      ts = ts2;
      ts2 = t;
      long[] b = bytes;
      bytes = bytes2;
      bytes2 = b;
    }
    return new long[][] {ts, bytes};
  }
}
