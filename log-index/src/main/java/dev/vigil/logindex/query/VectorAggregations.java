package dev.vigil.logindex.query;

import dev.vigil.logindex.logql.Expr.AggOp;
import dev.vigil.logindex.logql.Expr.Grouping;
import dev.vigil.model.series.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * sum, avg, min, max, count, topk and bottomk over a {@link StepMatrix}, step by step, with
 * Prometheus' grouping semantics: {@code by} keeps only the listed labels, {@code without} drops
 * them, neither groups everything into one series with no labels. topk and bottomk keep the input
 * series' labels and pick within each group.
 */
final class VectorAggregations {
  private VectorAggregations() {}

  static StepMatrix apply(AggOp op, Grouping grouping, int k, StepMatrix in) {
    Map<Labels, List<Integer>> groups = new LinkedHashMap<>();
    for (int s = 0; s < in.labels.size(); s++) {
      groups.computeIfAbsent(groupKey(in.labels.get(s), grouping), g -> new ArrayList<>()).add(s);
    }
    StepMatrix out = new StepMatrix(in.startNanos, in.stepNanos, in.steps);
    if (op == AggOp.TOPK || op == AggOp.BOTTOMK) {
      double[][] kept = new double[in.labels.size()][];
      for (List<Integer> members : groups.values()) {
        for (int step = 0; step < in.steps; step++) {
          final int st = step;
          List<Integer> present = new ArrayList<>();
          for (int s : members) {
            if (!Double.isNaN(in.values.get(s)[step])) {
              present.add(s);
            }
          }
          present.sort((a, b) -> {
            int c = Double.compare(in.values.get(a)[st], in.values.get(b)[st]);
            return op == AggOp.TOPK ? -c : c;
          });
          for (int i = 0; i < Math.min(k, present.size()); i++) {
            int s = present.get(i);
            if (kept[s] == null) {
              kept[s] = out.add(in.labels.get(s));
            }
            kept[s][step] = in.values.get(s)[step];
          }
        }
      }
      return out;
    }
    for (Map.Entry<Labels, List<Integer>> g : groups.entrySet()) {
      double[] result = null;
      for (int step = 0; step < in.steps; step++) {
        double acc = Double.NaN;
        int n = 0;
        for (int s : g.getValue()) {
          double v = in.values.get(s)[step];
          if (Double.isNaN(v)) {
            continue;
          }
          n++;
          acc = n == 1 ? first(op, v) : combine(op, acc, v);
        }
        if (n == 0) {
          continue;
        }
        if (op == AggOp.AVG) {
          acc /= n;
        }
        if (result == null) {
          result = out.add(g.getKey());
        }
        result[step] = acc;
      }
    }
    return out;
  }

  private static double first(AggOp op, double v) {
    return op == AggOp.COUNT ? 1 : v;
  }

  private static double combine(AggOp op, double acc, double v) {
    return switch (op) {
      case SUM, AVG -> acc + v;
      case MIN -> Math.min(acc, v);
      case MAX -> Math.max(acc, v);
      case COUNT -> acc + 1;
      case TOPK, BOTTOMK -> throw new IllegalStateException("BUG: topk is not a reduction");
    };
  }

  static Labels groupKey(Labels labels, Grouping g) {
    if (!g.without() && g.labels().isEmpty()) {
      return Labels.EMPTY;
    }
    Set<String> listed = new HashSet<>(g.labels());
    Labels.Builder b = Labels.builder();
    for (int i = 0; i < labels.size(); i++) {
      if (listed.contains(labels.name(i)) != g.without()) {
        b.set(labels.name(i), labels.value(i));
      }
    }
    return b.build();
  }
}
