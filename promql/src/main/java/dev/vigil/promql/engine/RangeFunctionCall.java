package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates a range function over all steps: a matrix selector's series are read one at a time (a
 * subquery is evaluated once), and each series' window slides along the steps with two cursors. One
 * per call evaluation.
 */
final class RangeFunctionCall {
  private final Evaluator ev;
  private final Call call;
  private final RangeFunctions.Def def;

  /** The metric name last checked by {@link #noteNonCounter}: series of one selector share it. */
  private String notedMetric;

  // The state of one run over a grid, shared by the series it slides along.
  private final Window w = new Window();
  private StepGrid grid;
  private Expr matrix;
  private RangeFunctions.Body body;
  private List<double[]> scalars;
  private boolean quantileWarned;
  private boolean smoothing;
  private List<StepSeries> out;

  RangeFunctionCall(Evaluator ev, Call call, RangeFunctions.Def def) {
    this.ev = ev;
    this.call = call;
    this.def = def;
  }

  List<StepSeries> run(StepGrid grid) {
    String name = call.function().name();
    List<Expr> args = call.args();
    int matrixArg = -1;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).type() == ValueType.MATRIX) {
        matrixArg = i;
        break;
      }
    }
    Expr matrix = args.get(matrixArg);
    RangeFunctions.FactsBody factsBody = RangeFunctions.factsBody(name);
    if (factsBody != null
        && grid.steps() == 1
        && FunctionCalls.unwrap(matrix) instanceof MatrixSelector m) {
      return runOnFacts(m, factsBody, grid.time(0), matrix);
    }
    this.grid = grid;
    this.matrix = matrix;
    body = RangeFunctions.bodyFor(name, def);
    w.args = new double[args.size() - 1];
    quantileWarned = !name.equals("quantile_over_time");
    smoothing = name.equals("double_exponential_smoothing");
    out = new ArrayList<>();
    if (FunctionCalls.unwrap(matrix) instanceof MatrixSelector m) {
      // The scalar arguments first (as Prometheus does), so that the selector's series can then
      // stream through one buffer, each folded before the next is read.
      scalars = scalarArgs(matrixArg);
      long range = m.range().toMillis();
      Long at = ev.at(m.selector().at());
      MatrixStream in = ev.selectors.stream(m.selector(), range, grid, at);
      for (StepSeries s = in.next(); s != null; s = in.next()) {
        slide(s, range, m.selector().offset().toMillis(), at);
      }
    } else {
      RangeInput in = ev.rangeInput(matrix, grid);
      scalars = scalarArgs(matrixArg);
      for (StepSeries s : in.series()) {
        slide(s, in.range(), in.offset(), in.at());
      }
    }
    return out;
  }

  private List<double[]> scalarArgs(int matrixArg) {
    List<Expr> args = call.args();
    List<double[]> values = new ArrayList<>(args.size() - 1);
    for (int i = 0; i < args.size(); i++) {
      if (i != matrixArg) {
        values.add(ev.scalarArg(args.get(i), grid));
      }
    }
    return values;
  }

  /**
   * Slides one series' window along the steps and adds its output to {@link #out}. The series'
   * arrays may be a stream's buffer: nothing of them is kept.
   */
  private void slide(StepSeries s, long range, long offset, Long at) {
    ev.limits.checkDeadline();
    int steps = grid.steps();
    StepSeries o = new StepSeries(s.labels, !def.keepName() || s.dropName, Math.min(steps, 1024));
    body.reset();
    w.t = s.ts;
    w.v = s.vs;
    long[] ts = s.ts; // locals: o.add writes StepSeries fields, see Selectors.instant
    int size = s.size;
    int lo = 0;
    int hi = 0;
    for (int i = 0; i < steps; i++) {
      if ((i & 1023) == 1023) {
        ev.limits.checkDeadline();
      }
      long t = grid.time(i);
      long end = (at != null ? at : t) - offset;
      long start = end - range;
      if (end < start) {
        continue;
      }
      while (hi < size && ts[hi] <= end) {
        hi++;
      }
      while (lo < hi && ts[lo] <= start) {
        lo++;
      }
      if (hi - lo < def.minSamples() || hi - lo <= 0) {
        continue;
      }
      for (int k = 0; k < w.args.length; k++) {
        w.args[k] = scalars.get(k)[i];
      }
      if (!quantileWarned) {
        double q = w.args[0];
        if (Double.isNaN(q) || q < 0 || q > 1) {
          ev.annotations.warn(
              "quantile value should be between 0 and 1, got " + GoFormat.formatG(q),
              call.args().get(0));
          quantileWarned = true;
        }
      }
      if (smoothing) {
        checkFactor("smoothing factor", "sf", w.args[0]);
        checkFactor("trend factor", "tf", w.args[1]);
      }
      w.from = lo;
      w.to = hi;
      w.rangeStart = start;
      w.rangeEnd = end;
      w.evalTime = t;
      o.add(t, body.apply(w));
    }
    if (o.size > 0) {
      ev.limits.addSamples(o.size);
      out.add(o);
      noteNonCounter(s.labels, matrix);
    }
  }

  /**
   * One evaluation time over a plain matrix selector, the shape of rule and dashboard instant
   * queries: each window is folded from the store's runs, so {@code rate(x[30d])} reads the
   * summaries of the chunks inside the window and the samples of the two at its edges.
   */
  private List<StepSeries> runOnFacts(
      MatrixSelector m, RangeFunctions.FactsBody body, long t, Expr arg) {
    long range = m.range().toMillis();
    Long at = ev.at(m.selector().at());
    long end = (at != null ? at : t) - m.selector().offset().toMillis();
    List<Selectors.SeriesFacts> facts = ev.selectors.facts(m.selector(), range, t, at);
    List<StepSeries> out = new ArrayList<>(facts.size());
    for (Selectors.SeriesFacts s : facts) {
      if (s.facts().count < def.minSamples()) {
        continue;
      }
      StepSeries o = new StepSeries(s.labels(), !def.keepName(), 1);
      o.add(t, body.apply(s.facts(), end - range, end));
      ev.limits.addSamples(1);
      out.add(o);
      noteNonCounter(s.labels(), arg);
    }
    return out;
  }

  private void noteNonCounter(Labels labels, Expr arg) {
    String name = call.function().name();
    if (name.equals("rate") || name.equals("increase")) {
      String metric = labels.get(Labels.METRIC_NAME);
      if (metric.equals(notedMetric)) {
        return;
      }
      notedMetric = metric;
      if (!metric.isEmpty()
          && !metric.endsWith("_total")
          && !metric.endsWith("_sum")
          && !metric.endsWith("_count")
          && !metric.endsWith("_bucket")) {
        ev.annotations.info(
            "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
                + LabelFunctions.quote(metric),
            arg);
      }
    }
  }

  private static void checkFactor(String what, String symbol, double f) {
    if (f <= 0 || f >= 1 || Double.isNaN(f)) {
      throw new QueryExecutionException(
          "invalid "
              + what
              + ". Expected: 0 < "
              + symbol
              + " < 1, got: "
              + String.format(Locale.ROOT, "%f", f));
    }
  }
}
