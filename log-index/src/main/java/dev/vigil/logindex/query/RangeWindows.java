package dev.vigil.logindex.query;

import dev.vigil.logindex.logql.Expr.RangeAggregation;
import dev.vigil.model.series.Labels;
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

  /**
   * The series' lines in time order. They arrive newest first within each segment (the index sort),
   * segment after segment: reversed, one segment's lines are in order already, and several
   * segments' are sorted in place without boxing (a boxed sort of a 10 M-line hour took a second).
   */
  private static long[][] sortByTime(SampleCollector.Points p) {
    long[] ts = new long[p.size];
    long[] bytes = new long[p.size];
    for (int i = 0; i < p.size; i++) {
      ts[i] = p.ts[p.size - 1 - i];
      bytes[i] = p.bytes[p.size - 1 - i];
    }
    boolean sorted = true;
    for (int i = 1; i < ts.length && sorted; i++) {
      sorted = ts[i - 1] <= ts[i];
    }
    if (!sorted) {
      new org.apache.lucene.util.IntroSorter() {
        private long pivot;

        @Override
        protected void swap(int i, int j) {
          long t = ts[i];
          ts[i] = ts[j];
          ts[j] = t;
          long b = bytes[i];
          bytes[i] = bytes[j];
          bytes[j] = b;
        }

        @Override
        protected void setPivot(int i) {
          pivot = ts[i];
        }

        @Override
        protected int comparePivot(int j) {
          return Long.compare(pivot, ts[j]);
        }

        @Override
        protected int compare(int i, int j) {
          return Long.compare(ts[i], ts[j]);
        }
      }.sort(0, ts.length);
    }
    return new long[][] {ts, bytes};
  }
}
