package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import dev.vigil.promql.ast.AggregateExpr;
import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.StringLiteral;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The aggregation operators. Input series are mapped to their groups once; each step then folds the
 * elements present at that step into per-group accumulators ({@link GroupState}).
 */
final class Aggregations {
  private final Evaluator ev;

  Aggregations(Evaluator ev) {
    this.ev = ev;
  }

  List<StepSeries> eval(AggregateExpr a, StepGrid grid) {
    if (a.op() == AggregateOp.COUNT_VALUES) {
      return countValues(a, grid);
    }
    double[] param = null;
    if (a.parameter() != null) {
      param = ev.scalarArg(a.parameter(), grid);
      checkParameter(a, param);
    }
    ColumnarFold.Streamed[] streamed = new ColumnarFold.Streamed[1];
    List<StepSeries> in =
        ColumnarFold.handles(a.op()) && ev.options.streamMaxCells() > 0
            ? ev.evalOrStream(
                a.expr(),
                grid,
                (count, labelsOf) -> streamInto(a, grid, count, labelsOf, streamed),
                a.op() == AggregateOp.COUNT || a.op() == AggregateOp.GROUP)
            : ev.eval(a.expr(), grid);
    if (in == null) {
      return streamed[0].finish();
    }
    // Group of each input series.
    Map<Labels, Integer> groupIndex = new LinkedHashMap<>();
    List<Labels> groupLabels = new ArrayList<>();
    int[] groupOf = new int[in.size()];
    for (int i = 0; i < in.size(); i++) {
      Labels key = groupingLabels(in.get(i).labels, a.grouping(), a.without());
      Integer g = groupIndex.get(key);
      if (g == null) {
        g = groupLabels.size();
        groupIndex.put(key, g);
        groupLabels.add(key);
      }
      groupOf[i] = g;
    }
    return switch (a.op()) {
      case TOPK, BOTTOMK, LIMITK, LIMIT_RATIO ->
          new SelectingAggregation(ev, a, in, groupOf, groupLabels.size(), param, grid).run();
      default ->
          ColumnarFold.handles(a.op())
              ? ColumnarFold.fold(ev.limits, a.op(), in, groupOf, groupLabels, grid)
              : fold(a, in, groupOf, groupLabels, param, grid);
    };
  }

  /**
   * The fold the input streams into, when its cells (the groups the selected series fall into × the
   * steps) are within {@code EngineOptions.streamMaxCells}; else null, and the input is held.
   */
  private ColumnarFold.Streamed streamInto(
      AggregateExpr a,
      StepGrid grid,
      int count,
      IntFunction<Labels> labelsOf,
      ColumnarFold.Streamed[] into) {
    long maxGroups = ev.options.streamMaxCells() / grid.steps();
    int groupCount;
    if (a.grouping().isEmpty() && !a.without()) {
      groupCount = Math.min(count, 1); // every series in one group
    } else {
      Set<Labels> groups = new HashSet<>();
      for (int i = 0; i < count; i++) {
        groups.add(groupingLabels(labelsOf.apply(i), a.grouping(), a.without()));
        if (groups.size() > maxGroups) {
          return null;
        }
      }
      groupCount = groups.size();
    }
    if (groupCount > maxGroups) {
      return null;
    }
    into[0] =
        new ColumnarFold.Streamed(ev.limits, a.op(), grid, a.grouping(), a.without(), groupCount);
    return into[0];
  }

  private void checkParameter(AggregateExpr a, double[] param) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    boolean nan = false;
    for (double p : param) {
      nan |= Double.isNaN(p);
      if (!Double.isNaN(p)) {
        min = Math.min(min, p);
        max = Math.max(max, p);
      }
    }
    switch (a.op()) {
      case TOPK, BOTTOMK, LIMITK -> {
        if (max < 1 && !nan) {
          return;
        }
        if (nan) {
          throw new QueryExecutionException("Parameter value is NaN");
        }
        if (min <= -9.223372036854775808E18) {
          throw new QueryExecutionException(
              "Scalar value " + GoFormat.formatG(min) + " underflows int64");
        }
        if (max >= 9.223372036854775807E18) {
          throw new QueryExecutionException(
              "Scalar value " + GoFormat.formatG(max) + " overflows int64");
        }
      }
      case LIMIT_RATIO -> {
        if (max == 0 && min == 0 && !nan) {
          return;
        }
        if (nan) {
          throw new QueryExecutionException("Ratio value is NaN");
        }
        if (max > 1) {
          ev.annotations.warn(
              "ratio value should be between -1 and 1, got "
                  + GoFormat.formatG(max)
                  + ", capping to 1",
              a.parameter());
        }
        if (min < -1) {
          ev.annotations.warn(
              "ratio value should be between -1 and 1, got "
                  + GoFormat.formatG(min)
                  + ", capping to -1",
              a.parameter());
        }
      }
      case QUANTILE -> {
        if (nan) {
          ev.annotations.warn("quantile value should be between 0 and 1, got NaN", a.parameter());
        }
        if (max > 1) {
          ev.annotations.warn(
              "quantile value should be between 0 and 1, got " + GoFormat.formatG(max),
              a.parameter());
        }
        if (min < 0) {
          ev.annotations.warn(
              "quantile value should be between 0 and 1, got " + GoFormat.formatG(min),
              a.parameter());
        }
      }
      default -> {}
    }
  }

  /** The output labels of a group: by keeps the listed labels, without drops them and the name. */
  static Labels groupingLabels(Labels labels, List<String> grouping, boolean without) {
    if (without) {
      Labels.Builder b = labels.toBuilder().remove(Labels.METRIC_NAME);
      for (String g : grouping) {
        b.remove(g);
      }
      return b.build();
    }
    if (grouping.isEmpty()) {
      return Labels.EMPTY;
    }
    Labels.Builder b = Labels.builder();
    for (String g : grouping) {
      b.set(g, labels.get(g));
    }
    return b.build();
  }

  private List<StepSeries> fold(
      AggregateExpr a,
      List<StepSeries> in,
      int[] groupOf,
      List<Labels> groupLabels,
      double[] param,
      StepGrid grid) {
    int groups = groupLabels.size();
    GroupState[] state = new GroupState[groups];
    for (int g = 0; g < groups; g++) {
      state[g] = new GroupState(a.op());
    }
    StepSeries[] out = new StepSeries[groups];
    StepCursor cursor = new StepCursor(in);
    for (int step = 0; step < grid.steps(); step++) {
      ev.limits.checkDeadline();
      long t = grid.time(step);
      cursor.advance(t);
      if (cursor.count == 0) {
        continue;
      }
      for (GroupState s : state) {
        s.reset();
      }
      for (int i = 0; i < cursor.count; i++) {
        StepSeries s = cursor.series(i);
        state[groupOf[cursor.index[i]]].add(cursor.value[i], s.dropName);
      }
      double q = param == null ? Double.NaN : param[step];
      for (int g = 0; g < groups; g++) {
        GroupState s = state[g];
        if (!s.seen) {
          continue;
        }
        if (out[g] == null) {
          out[g] = new StepSeries(groupLabels.get(g), false, Math.min(grid.steps(), 1024));
        }
        out[g].dropName |= s.dropName;
        ev.limits.addSamples(1);
        out[g].add(t, s.result(q));
      }
    }
    List<StepSeries> result = new ArrayList<>();
    for (StepSeries s : out) {
      if (s != null) {
        result.add(s);
      }
    }
    return result;
  }

  private List<StepSeries> countValues(AggregateExpr a, StepGrid grid) {
    String label = stringOf(a.parameter());
    if (!LabelNames.isValid(label)) {
      throw new QueryExecutionException(
          "invalid label name " + dev.vigil.promql.ast.GoQuote.quote(label));
    }
    List<String> grouping = new ArrayList<>(a.grouping());
    if (!a.without()) {
      grouping.add(label);
    }
    List<StepSeries> in = ev.eval(a.expr(), grid);
    StepCursor cursor = new StepCursor(in);
    SeriesAccumulator acc = new SeriesAccumulator(ev.limits, grid.steps());
    for (int step = 0; step < grid.steps(); step++) {
      ev.limits.checkDeadline();
      long t = grid.time(step);
      cursor.advance(t);
      Map<Labels, Integer> counts = new LinkedHashMap<>();
      for (int i = 0; i < cursor.count; i++) {
        Labels withValue =
            cursor.series(i).labels.toBuilder()
                .set(label, GoFormat.formatFloat(cursor.value[i]))
                .build();
        Labels group = groupingLabels(withValue, grouping, a.without());
        counts.merge(group, 1, Integer::sum);
      }
      for (Map.Entry<Labels, Integer> e : counts.entrySet()) {
        acc.add(e.getKey(), false, t, e.getValue());
      }
    }
    return acc.result();
  }

  static String stringOf(Expr e) {
    return switch (e) {
      case StringLiteral s -> s.value();
      case ParenExpr p -> stringOf(p.expr());
      default -> throw new IllegalStateException("BUG: not a string literal: " + e);
    };
  }
}
