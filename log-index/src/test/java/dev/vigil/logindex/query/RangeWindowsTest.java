package dev.vigil.logindex.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logindex.logql.Expr;
import dev.vigil.logindex.logql.LogQLParser;
import dev.vigil.model.series.Labels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Range functions over lines collected as the collector sees them (newest first within each
 * segment, segments one after another, equal times included) equal a count and sum over the raw
 * lines of each window, for every function and for one segment or several.
 */
class RangeWindowsTest {
  @Test
  void windowsOverSegmentsOfNewestFirstLinesMatchBruteForce() throws Exception {
    Random rnd = new Random(9);
    for (String fn : List.of("count_over_time", "rate", "bytes_over_time", "bytes_rate")) {
      for (int segments : new int[] {1, 2, 5}) {
        Expr.RangeAggregation agg =
            (Expr.RangeAggregation) LogQLParser.parse(fn + "({a=\"b\"} [5m] offset 1m)");
        List<long[]> lines = new ArrayList<>(); // {ts, bytes}
        SampleCollector.Points points = new SampleCollector.Points(true);
        for (int s = 0; s < segments; s++) {
          List<long[]> segment = new ArrayList<>();
          for (int i = 0; i < 2_000; i++) {
            long ts =
                (long) rnd.nextInt(3_600) * 1_000_000_000L
                    + (rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(1000));
            segment.add(new long[] {ts, 1 + rnd.nextInt(300)});
          }
          segment.sort((x, y) -> Long.compare(y[0], x[0])); // the index sort: newest first
          for (long[] l : segment) {
            points.add(l[0], l[1]);
          }
          lines.addAll(segment);
        }
        Collections.shuffle(lines, rnd); // brute force does not care about order
        long step = 60_000_000_000L;
        long start = 0;
        int steps = 61;
        Map<Labels, SampleCollector.Points> series = new LinkedHashMap<>();
        series.put(Labels.of("a", "b"), points);
        StepMatrix m = RangeWindows.evaluate(agg, series, start, step, steps);
        double[] got = m.values.get(0);
        for (int i = 0; i < steps; i++) {
          long end = start + i * step - agg.offsetNanos();
          long from = end - agg.rangeNanos();
          long count = 0;
          long bytes = 0;
          for (long[] l : lines) {
            if (l[0] > from && l[0] <= end) {
              count++;
              bytes += l[1];
            }
          }
          double seconds = agg.rangeNanos() / 1e9;
          double want =
              count == 0
                  ? Double.NaN
                  : switch (fn) {
                    case "count_over_time" -> count;
                    case "rate" -> count / seconds;
                    case "bytes_over_time" -> bytes;
                    default -> bytes / seconds;
                  };
          String where = fn + " over " + segments + " segments at step " + i;
          if (Double.isNaN(want)) {
            assertThat(got[i]).as(where).isNaN();
          } else {
            assertThat(got[i]).as(where).isEqualTo(want);
          }
        }
      }
    }
  }

  /**
   * An instant query searches exactly its one window, so a series keeps only its count and byte
   * total: the values equal those from the times.
   */
  @Test
  void aSingleWindowFromCountsEqualsTheOneFromTimes() throws Exception {
    Random rnd = new Random(10);
    for (String fn : List.of("count_over_time", "rate", "bytes_over_time", "bytes_rate")) {
      Expr.RangeAggregation agg =
          (Expr.RangeAggregation) LogQLParser.parse(fn + "({a=\"b\"} [5m] offset 1m)");
      long t = 3_600_000_000_000L;
      long end = t - agg.offsetNanos();
      SampleCollector.Points times = new SampleCollector.Points(true);
      SampleCollector.Points counts = new SampleCollector.Points(false);
      for (int i = 0; i < 1_000; i++) {
        // What the prefilter lets through: times in (end - range, end].
        long ts = end - (long) (rnd.nextDouble() * (agg.rangeNanos() - 1));
        long bytes = 1 + rnd.nextInt(500);
        times.add(ts, bytes);
        counts.add(ts, bytes);
      }
      Map<Labels, SampleCollector.Points> a = Map.of(Labels.of("a", "b"), times);
      Map<Labels, SampleCollector.Points> b = Map.of(Labels.of("a", "b"), counts);
      double fromTimes = RangeWindows.evaluate(agg, a, t, 1, 1).values.get(0)[0];
      double fromCounts = RangeWindows.evaluate(agg, b, t, 1, 1).values.get(0)[0];
      assertThat(fromCounts).as(fn).isEqualTo(fromTimes).isPositive();
    }
  }
}
