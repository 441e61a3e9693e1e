package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Final touches on evaluation output: delayed name removal and merging equal label sets. */
final class Results {
  private Results() {}

  /**
   * Drops the metric name where an operation asked for it, then merges series whose labels became
   * equal; two points at the same time are the duplicate-labelset error.
   */
  static List<StepSeries> cleanup(List<StepSeries> in) {
    for (StepSeries s : in) {
      if (s.dropName) {
        s.labels = s.labels.toBuilder().remove(Labels.METRIC_NAME).build();
        s.dropName = false;
      }
    }
    return mergeByLabels(in, s -> s.labels);
  }

  static List<StepSeries> mergeByLabels(List<StepSeries> in, Function<StepSeries, Labels> key) {
    Map<Labels, List<StepSeries>> groups = new LinkedHashMap<>();
    for (StepSeries s : in) {
      groups.computeIfAbsent(key.apply(s), k -> new ArrayList<>()).add(s);
    }
    if (groups.size() == in.size()) {
      return in;
    }
    List<StepSeries> out = new ArrayList<>(groups.size());
    for (List<StepSeries> group : groups.values()) {
      if (group.size() == 1) {
        out.add(group.get(0));
        continue;
      }
      int total = 0;
      for (StepSeries s : group) {
        total += s.size;
      }
      long[][] points = new long[total][];
      double[] values = new double[total];
      int n = 0;
      for (StepSeries s : group) {
        for (int i = 0; i < s.size; i++) {
          points[n] = new long[] {s.ts[i], n};
          values[n++] = s.vs[i];
        }
      }
      Arrays.sort(points, (a, b) -> Long.compare(a[0], b[0]));
      StepSeries merged = new StepSeries(group.get(0).labels, group.get(0).dropName, total);
      for (int i = 0; i < total; i++) {
        if (i > 0 && points[i][0] == points[i - 1][0]) {
          throw new QueryExecutionException("vector cannot contain metrics with the same labelset");
        }
        merged.add(points[i][0], values[(int) points[i][1]]);
      }
      out.add(merged);
    }
    return out;
  }
}
