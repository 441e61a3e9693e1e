package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * histogram_quantile and histogram_fraction over classic histograms: at each step, the elements are
 * grouped into histograms by their labels without {@code le}, and each group's buckets are read
 * from the {@code le} values.
 */
final class ClassicHistograms {
  private static final String LE = "le";
  private final Evaluator ev;

  ClassicHistograms(Evaluator ev) {
    this.ev = ev;
  }

  List<StepSeries> quantile(Call c, StepGrid grid) {
    double[] q = ev.scalarArg(c.args().get(0), grid);
    return perGroup(
        c.args().get(1),
        grid,
        (step, buckets, labels) -> {
          HistogramQuantile.Result r = HistogramQuantile.quantile(q[step], buckets);
          if (r.forcedMonotonic()) {
            ev.annotations.info(
                "input to histogram_quantile needed to be fixed for monotonicity (see"
                    + " https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)"
                    + forMetric(labels.metricName()),
                c.args().get(1));
          }
          return r.value();
        },
        step -> {
          double v = q[step];
          if (Double.isNaN(v) || v < 0 || v > 1) {
            ev.annotations.warn(
                "quantile value should be between 0 and 1, got " + GoFormat.formatG(v),
                c.args().get(0));
          }
        });
  }

  List<StepSeries> fraction(Call c, StepGrid grid) {
    double[] lower = ev.scalarArg(c.args().get(0), grid);
    double[] upper = ev.scalarArg(c.args().get(1), grid);
    return perGroup(
        c.args().get(2),
        grid,
        (step, buckets, labels) -> fraction(lower[step], upper[step], buckets),
        step -> {});
  }

  interface GroupFunction {
    double apply(int step, HistogramQuantile.Bucket[] buckets, Labels labels);
  }

  interface StepCheck {
    void check(int step);
  }

  private List<StepSeries> perGroup(Expr arg, StepGrid grid, GroupFunction f, StepCheck check) {
    List<StepSeries> in = ev.eval(arg, grid);
    // The histogram each input series belongs to, and its bucket bound.
    Map<Labels, Integer> groupIndex = new LinkedHashMap<>();
    List<Labels> groupLabels = new ArrayList<>();
    int[] groupOf = new int[in.size()];
    double[] bound = new double[in.size()];
    for (int i = 0; i < in.size(); i++) {
      Labels labels = in.get(i).labels;
      String le = labels.get(LE);
      try {
        bound[i] = GoFormat.parseFloat(le);
      } catch (NumberFormatException e) {
        groupOf[i] = -1;
        continue;
      }
      Labels key = labels.toBuilder().remove(LE).build();
      Integer g = groupIndex.get(key);
      if (g == null) {
        g = groupLabels.size();
        groupIndex.put(key, g);
        groupLabels.add(key);
      }
      groupOf[i] = g;
    }
    StepCursor cursor = new StepCursor(in);
    SeriesAccumulator acc = new SeriesAccumulator(ev.limits, grid.steps());
    List<List<HistogramQuantile.Bucket>> buckets = new ArrayList<>();
    for (int g = 0; g < groupLabels.size(); g++) {
      buckets.add(new ArrayList<>());
    }
    for (int step = 0; step < grid.steps(); step++) {
      ev.limits.checkDeadline();
      long t = grid.time(step);
      check.check(step);
      cursor.advance(t);
      for (List<HistogramQuantile.Bucket> b : buckets) {
        b.clear();
      }
      for (int i = 0; i < cursor.count; i++) {
        int series = cursor.index[i];
        if (groupOf[series] < 0) {
          Labels labels = in.get(series).labels;
          ev.annotations.warn(
              "bucket label \"le\" is missing or has a malformed value of "
                  + LabelFunctions.quote(labels.get(LE))
                  + forMetric(labels.metricName()),
              arg);
          continue;
        }
        buckets
            .get(groupOf[series])
            .add(new HistogramQuantile.Bucket(bound[series], cursor.value[i]));
      }
      for (int g = 0; g < buckets.size(); g++) {
        List<HistogramQuantile.Bucket> b = buckets.get(g);
        if (b.isEmpty()) {
          continue;
        }
        Labels labels = groupLabels.get(g);
        double v = f.apply(step, b.toArray(new HistogramQuantile.Bucket[0]), labels);
        acc.add(labels, true, t, v);
      }
    }
    return acc.result();
  }

  private static String forMetric(String name) {
    return name.isEmpty() ? "" : " for metric name " + LabelFunctions.quote(name);
  }

  /** The fraction of observations between {@code lower} and {@code upper}, interpolated. */
  static double fraction(double lower, double upper, HistogramQuantile.Bucket[] input) {
    HistogramQuantile.Bucket[] sorted = input.clone();
    Arrays.sort(sorted, Comparator.comparingDouble(b -> b.upperBound));
    if (sorted[sorted.length - 1].upperBound != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    List<HistogramQuantile.Bucket> buckets = new ArrayList<>();
    for (HistogramQuantile.Bucket b : sorted) {
      HistogramQuantile.Bucket last = buckets.isEmpty() ? null : buckets.get(buckets.size() - 1);
      if (last != null && last.upperBound == b.upperBound) {
        last.count += b.count;
      } else {
        buckets.add(new HistogramQuantile.Bucket(b.upperBound, b.count));
      }
    }
    double count = buckets.get(buckets.size() - 1).count;
    if (count == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
      return Double.NaN;
    }
    if (lower >= upper) {
      return 0;
    }
    double rank = 0;
    double lowerRank = 0;
    double upperRank = 0;
    boolean lowerSet = false;
    boolean upperSet = false;
    double lowerBound = buckets.get(0).upperBound <= 0 ? Double.NEGATIVE_INFINITY : 0;
    for (int i = 0; i < buckets.size(); i++) {
      HistogramQuantile.Bucket b = buckets.get(i);
      if (i > 0) {
        lowerBound = buckets.get(i - 1).upperBound;
      }
      double upperBound = b.upperBound;
      if (!lowerSet && lowerBound >= lower) {
        lowerRank = rank;
        lowerSet = true;
      }
      if (!upperSet && lowerBound >= upper) {
        upperRank = rank;
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      if (!lowerSet && lowerBound < lower && upperBound > lower) {
        lowerRank = interpolate(lower, lowerBound, upperBound, rank, b.count);
        lowerSet = true;
      }
      if (!upperSet && lowerBound < upper && upperBound > upper) {
        upperRank = interpolate(upper, lowerBound, upperBound, rank, b.count);
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      rank = b.count;
    }
    if (!lowerSet || lowerRank > count) {
      lowerRank = count;
    }
    if (!upperSet || upperRank > count) {
      upperRank = count;
    }
    return (upperRank - lowerRank) / count;
  }

  private static double interpolate(
      double v, double lowerBound, double upperBound, double rank, double count) {
    if (lowerBound == Double.NEGATIVE_INFINITY) {
      return count;
    }
    return rank + (count - rank) * (v - lowerBound) / (upperBound - lowerBound);
  }
}
