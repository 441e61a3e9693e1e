package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.MatchType;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.ValueType;
import dev.vigil.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * Function calls: dispatch by name to range, element-wise, label, sorting and special functions.
 */
final class FunctionCalls {
  private final Evaluator ev;

  FunctionCalls(Evaluator ev) {
    this.ev = ev;
  }

  List<StepSeries> eval(Call c, StepGrid grid) {
    String name = c.function().name();
    List<Expr> args = c.args();
    switch (name) {
      case "time" -> {
        return perStep(grid, t -> t / 1000.0);
      }
      case "pi" -> {
        return ev.constant(Math.PI, grid);
      }
      case "start" -> {
        return ev.constant(ev.queryStart / 1000.0, grid);
      }
      case "end" -> {
        return ev.constant(ev.queryEnd / 1000.0, grid);
      }
      case "range" -> {
        return ev.constant((ev.queryEnd - ev.queryStart) / 1000.0, grid);
      }
      case "step" -> {
        return ev.constant(ev.queryStart == ev.queryEnd ? 0 : ev.queryStep / 1000.0, grid);
      }
      case "min_of", "max_of" -> {
        double[] a = ev.scalarArg(args.get(0), grid);
        double[] b = ev.scalarArg(args.get(1), grid);
        boolean max = name.equals("max_of");
        return perStepIndex(grid, i -> max ? Math.max(a[i], b[i]) : Math.min(a[i], b[i]));
      }
      case "vector" -> {
        List<StepSeries> in = ev.eval(args.get(0), grid);
        return in;
      }
      case "scalar" -> {
        return scalar(args.get(0), grid);
      }
      case "timestamp" -> {
        return timestamp(args.get(0), grid);
      }
      case "absent" -> {
        return absent(args.get(0), grid);
      }
      case "absent_over_time" -> {
        return absentOverTime(args.get(0), grid);
      }
      case "label_replace" -> {
        List<StepSeries> in = ev.eval(args.get(0), grid);
        LabelFunctions.replace(
            in, string(args.get(1)), string(args.get(2)), string(args.get(3)), string(args.get(4)));
        return mergeSameLabels(in);
      }
      case "label_join" -> {
        List<StepSeries> in = ev.eval(args.get(0), grid);
        List<String> srcs = new ArrayList<>();
        for (int i = 3; i < args.size(); i++) {
          srcs.add(string(args.get(i)));
        }
        LabelFunctions.join(in, string(args.get(1)), string(args.get(2)), srcs);
        return mergeSameLabels(in);
      }
      case "sort", "sort_desc", "sort_by_label", "sort_by_label_desc" -> {
        return sort(c, grid);
      }
      case "histogram_quantile" -> {
        return new ClassicHistograms(ev).quantile(c, grid);
      }
      case "histogram_fraction" -> {
        return new ClassicHistograms(ev).fraction(c, grid);
      }
      case "histogram_count",
          "histogram_sum",
          "histogram_avg",
          "histogram_stddev",
          "histogram_stdvar",
          "histogram_quantiles",
          "start_timestamp" -> {
        // These read native histograms (or start timestamps), which this engine does not store:
        // float samples are ignored, as in Prometheus.
        for (Expr a : args) {
          if (a.type() == ValueType.VECTOR || a.type() == ValueType.SCALAR) {
            ev.eval(a, grid);
          }
        }
        return List.of();
      }
      case "info" ->
          throw new BadQueryException("function \"info\" is not supported by this engine yet");
      default -> {}
    }
    RangeFunctions.Def range = RangeFunctions.lookup(name);
    if (range != null) {
      return new RangeFunctionCall(ev, c, range).run(grid);
    }
    DoubleUnaryOperator math = ElementFunctions.math(name);
    if (math != null) {
      return elementWise(ev.eval(args.get(0), grid), (v, i) -> math.applyAsDouble(v));
    }
    DoubleUnaryOperator date = ElementFunctions.date(name);
    if (date != null) {
      if (args.isEmpty()) {
        return perStep(grid, t -> date.applyAsDouble(t / 1000.0));
      }
      return elementWise(ev.eval(args.get(0), grid), (v, i) -> date.applyAsDouble(v));
    }
    return switch (name) {
      case "clamp" -> {
        double[] min = ev.scalarArg(args.get(1), grid);
        double[] max = ev.scalarArg(args.get(2), grid);
        yield clamp(ev.eval(args.get(0), grid), grid, min, max);
      }
      case "clamp_min" -> {
        double[] min = ev.scalarArg(args.get(1), grid);
        yield clamp(ev.eval(args.get(0), grid), grid, min, null);
      }
      case "clamp_max" -> {
        double[] max = ev.scalarArg(args.get(1), grid);
        yield clamp(ev.eval(args.get(0), grid), grid, null, max);
      }
      case "round" -> {
        double[] to = args.size() > 1 ? ev.scalarArg(args.get(1), grid) : null;
        List<StepSeries> in = ev.eval(args.get(0), grid);
        yield elementWise(
            in,
            (v, t) -> {
              double toNearest = to == null ? 1 : to[Evaluator.stepIndex(grid, t)];
              double inverse = 1.0 / toNearest;
              return Math.floor(v * inverse + 0.5) / inverse;
            });
      }
      default ->
          throw new BadQueryException("function \"" + name + "\" is not supported by this engine");
    };
  }

  /** A value function of (value, step time). */
  interface ElementOp {
    double apply(double value, long t);
  }

  /** Applies {@code op} to every point; the result drops the metric name. */
  static List<StepSeries> elementWise(List<StepSeries> in, ElementOp op) {
    for (StepSeries s : in) {
      s.dropName = true;
      for (int i = 0; i < s.size; i++) {
        s.vs[i] = op.apply(s.vs[i], s.ts[i]);
      }
    }
    return in;
  }

  private List<StepSeries> clamp(List<StepSeries> in, StepGrid grid, double[] min, double[] max) {
    List<StepSeries> out = new ArrayList<>(in.size());
    for (StepSeries s : in) {
      StepSeries o = new StepSeries(s.labels, true, s.size);
      for (int i = 0; i < s.size; i++) {
        int step = Evaluator.stepIndex(grid, s.ts[i]);
        double lo = min == null ? Double.NEGATIVE_INFINITY : min[step];
        double hi = max == null ? Double.POSITIVE_INFINITY : max[step];
        if (hi < lo) {
          continue;
        }
        o.add(s.ts[i], Math.max(lo, Math.min(hi, s.vs[i])));
      }
      if (o.size > 0) {
        out.add(o);
      }
    }
    return out;
  }

  interface TimeOp {
    double apply(long t);
  }

  interface IndexOp {
    double apply(int step);
  }

  private static List<StepSeries> perStep(StepGrid grid, TimeOp op) {
    StepSeries s = new StepSeries(Labels.EMPTY, false, grid.steps());
    for (int i = 0; i < grid.steps(); i++) {
      s.add(grid.time(i), op.apply(grid.time(i)));
    }
    return List.of(s);
  }

  private static List<StepSeries> perStepIndex(StepGrid grid, IndexOp op) {
    StepSeries s = new StepSeries(Labels.EMPTY, false, grid.steps());
    for (int i = 0; i < grid.steps(); i++) {
      s.add(grid.time(i), op.apply(i));
    }
    return List.of(s);
  }

  private List<StepSeries> scalar(Expr arg, StepGrid grid) {
    List<StepSeries> in = ev.eval(arg, grid);
    StepCursor cursor = new StepCursor(in);
    StepSeries out = new StepSeries(Labels.EMPTY, false, grid.steps());
    for (int i = 0; i < grid.steps(); i++) {
      long t = grid.time(i);
      cursor.advance(t);
      out.add(t, cursor.count == 1 ? cursor.value[0] : Double.NaN);
    }
    return List.of(out);
  }

  private List<StepSeries> timestamp(Expr arg, StepGrid grid) {
    if (unwrap(arg) instanceof VectorSelector v) {
      return ev.instant(v, grid, true);
    }
    return elementWise(ev.eval(arg, grid), (v, t) -> t / 1000.0);
  }

  private List<StepSeries> absent(Expr arg, StepGrid grid) {
    List<StepSeries> in = ev.eval(arg, grid);
    boolean[] present = new boolean[grid.steps()];
    for (StepSeries s : in) {
      for (int i = 0; i < s.size; i++) {
        present[Evaluator.stepIndex(grid, s.ts[i])] = true;
      }
    }
    return absentSeries(arg, grid, present);
  }

  private List<StepSeries> absentOverTime(Expr arg, StepGrid grid) {
    RangeInput in = ev.rangeInput(arg, grid);
    boolean[] present = new boolean[grid.steps()];
    for (StepSeries s : in.series()) {
      int lo = 0;
      int hi = 0;
      for (int i = 0; i < grid.steps(); i++) {
        long end = in.windowEnd(grid.time(i));
        long start = end - in.range();
        while (hi < s.size && s.ts[hi] <= end) {
          hi++;
        }
        while (lo < hi && s.ts[lo] <= start) {
          lo++;
        }
        if (hi > lo) {
          present[i] = true;
        }
      }
    }
    return absentSeries(arg, grid, present);
  }

  private static List<StepSeries> absentSeries(Expr arg, StepGrid grid, boolean[] present) {
    StepSeries out = new StepSeries(absentLabels(arg), false, grid.steps());
    for (int i = 0; i < present.length; i++) {
      if (!present[i]) {
        out.add(grid.time(i), 1);
      }
    }
    return out.size == 0 ? List.of() : List.of(out);
  }

  /** Labels of absent()'s output: the selector's equality matchers, unless a label repeats. */
  static Labels absentLabels(Expr arg) {
    Expr e = unwrap(arg);
    List<dev.vigil.promql.ast.LabelMatcher> matchers;
    if (e instanceof VectorSelector v) {
      matchers = v.matchers();
    } else if (e instanceof MatrixSelector m) {
      matchers = m.selector().matchers();
    } else {
      return Labels.EMPTY;
    }
    Labels.Builder b = Labels.builder();
    Set<String> has = new HashSet<>();
    for (dev.vigil.promql.ast.LabelMatcher m : matchers) {
      if (m.name().equals(Labels.METRIC_NAME)) {
        continue;
      }
      if (m.type() == MatchType.EQUAL && !has.contains(m.name())) {
        b.set(m.name(), m.value());
        has.add(m.name());
      } else {
        b.remove(m.name());
      }
    }
    return b.build();
  }

  private List<StepSeries> sort(Call c, StepGrid grid) {
    String name = c.function().name();
    List<StepSeries> in = ev.eval(c.args().get(0), grid);
    if (!grid.isInstant()) {
      ev.annotations.warn(
          "sort is ineffective for range queries since results are always ordered by labels", c);
      return in;
    }
    List<StepSeries> out = new ArrayList<>(in);
    Comparator<StepSeries> byValue =
        (a, b) -> {
          double x = a.vs[0];
          double y = b.vs[0];
          boolean xn = Double.isNaN(x);
          boolean yn = Double.isNaN(y);
          if (xn || yn) {
            return Boolean.compare(xn, yn);
          }
          return Double.compare(x, y);
        };
    switch (name) {
      case "sort" -> out.sort(byValue);
      case "sort_desc" ->
          out.sort((a, b) -> {
            boolean xn = Double.isNaN(a.vs[0]);
            boolean yn = Double.isNaN(b.vs[0]);
            if (xn || yn) {
              return Boolean.compare(xn, yn);
            }
            return Double.compare(b.vs[0], a.vs[0]);
          });
      default -> {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < c.args().size(); i++) {
          names.add(string(c.args().get(i)));
        }
        Comparator<StepSeries> byLabels =
            (a, b) -> {
              for (String n : names) {
                int r = NaturalOrder.compare(a.labels.get(n), b.labels.get(n));
                if (r != 0) {
                  return r;
                }
              }
              return a.labels.compareTo(b.labels);
            };
        out.sort(name.equals("sort_by_label") ? byLabels : byLabels.reversed());
      }
    }
    return out;
  }

  /**
   * Series that came out equal after a label rewrite are merged when their points do not collide,
   * as Prometheus does; a collision is the duplicate-labelset error.
   */
  List<StepSeries> mergeSameLabels(List<StepSeries> in) {
    Map<Labels, StepSeries> merged = new LinkedHashMap<>();
    boolean collision = false;
    for (StepSeries s : in) {
      if (merged.putIfAbsent(s.labels, s) != null) {
        collision = true;
      }
    }
    if (!collision) {
      return in;
    }
    return Results.mergeByLabels(in, s -> s.labels);
  }

  static String string(Expr e) {
    return Aggregations.stringOf(e);
  }

  static Expr unwrap(Expr e) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    return e;
  }
}
