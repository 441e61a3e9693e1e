package dev.vigil.promql.engine;

import dev.vigil.promql.ast.Call;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Slides a range function's window along the steps of one series after another and keeps their
 * outputs in order. Everything that changes while it slides is its own (window, function state,
 * outputs, the annotations it would make), so that several sliders can each take a slice of a
 * call's series on their own thread. Not thread-safe; one per thread and slice.
 */
final class WindowSlider {
  private final Call call;
  private final RangeFunctions.Def def;
  private final RangeFunctions.Body body;
  private final StepGrid grid;
  private final List<double[]> scalars;
  private final SampleCounter counter;
  private final Window w = new Window();
  private final boolean smoothing;
  private final List<StepSeries> out = new ArrayList<>();
  private final Consumer<StepSeries> sink;
  private final StepSeriesPool pool;

  /** The quantile argument of the first step that warned about it, or null. */
  private Double badQuantile;

  private boolean quantileChecked;

  /** Metric names that the "might not be a counter" info is about, in the order first seen. */
  private final Set<String> notCounters = new LinkedHashSet<>();

  private String notedMetric;

  WindowSlider(
      Call call,
      RangeFunctions.Def def,
      StepGrid grid,
      List<double[]> scalars,
      SampleCounter counter) {
    this(call, def, grid, scalars, counter, null, null);
  }

  /**
   * A slider that hands each series' output to {@code sink} (null: keeps them, {@link #out}),
   * taking the outputs from {@code pool} when there is one.
   */
  WindowSlider(
      Call call,
      RangeFunctions.Def def,
      StepGrid grid,
      List<double[]> scalars,
      SampleCounter counter,
      Consumer<StepSeries> sink,
      StepSeriesPool pool) {
    String name = call.function().name();
    this.sink = sink != null ? sink : out::add;
    this.pool = pool;
    this.call = call;
    this.def = def;
    this.body = RangeFunctions.bodyFor(name, def);
    this.grid = grid;
    this.scalars = scalars;
    this.counter = counter;
    this.w.args = new double[call.args().size() - 1];
    this.quantileChecked = !name.equals("quantile_over_time");
    this.smoothing = name.equals("double_exponential_smoothing");
  }

  List<StepSeries> out() {
    return out;
  }

  /**
   * The quantile argument that is outside [0, 1] at the first window this slider evaluated with
   * one, or null: Prometheus warns once per call, about the first.
   */
  Double badQuantile() {
    return badQuantile;
  }

  /** The metric names that might not be counters, in the order the series showed them. */
  Set<String> notCounters() {
    return notCounters;
  }

  /**
   * Slides one series' window along the steps and hands its output to the sink ({@link #out}). The
   * series' arrays may be a stream's buffer: nothing of them is kept.
   */
  void slide(StepSeries s, long range, long offset, Long at) {
    counter.checkDeadline();
    int steps = grid.steps();
    boolean drop = !def.keepName() || s.dropName;
    int capacity =
        s.size == 0 ? 1 : grid.stepsReaching(s.ts[0], s.ts[s.size - 1], range, offset, at);
    StepSeries o =
        pool != null
            ? pool.take(s.labels, drop, capacity)
            : new StepSeries(s.labels, drop, capacity);
    body.reset();
    w.t = s.ts;
    w.v = s.vs;
    long[] ts = s.ts; // locals: o.add writes StepSeries fields, see Selectors.instant
    int size = s.size;
    int lo = 0;
    int hi = 0;
    for (int i = 0; i < steps; i++) {
      if ((i & 1023) == 1023) {
        counter.checkDeadline();
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
      if (!quantileChecked) {
        double q = w.args[0];
        if (Double.isNaN(q) || q < 0 || q > 1) {
          badQuantile = q;
          quantileChecked = true;
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
      counter.addSamples(o.size);
      sink.accept(o);
      noteMetric(s.labels.get(dev.vigil.model.series.Labels.METRIC_NAME));
    } else if (pool != null) {
      pool.give(o);
    }
  }

  /** Remembers {@code metric} for the not-a-counter info when the function is rate or increase. */
  void noteMetric(String metric) {
    // Series of one selector share their name: one look per run of equal names.
    if (metric.equals(notedMetric)) {
      return;
    }
    notedMetric = metric;
    String name = call.function().name();
    if ((name.equals("rate") || name.equals("increase"))
        && !metric.isEmpty()
        && !metric.endsWith("_total")
        && !metric.endsWith("_sum")
        && !metric.endsWith("_count")
        && !metric.endsWith("_bucket")) {
      notCounters.add(metric);
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
