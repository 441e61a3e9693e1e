package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Evaluates a range function over all steps: a matrix selector's series are read one at a time (a
 * subquery is evaluated once), and each series' window slides along the steps with two cursors
 * ({@link WindowSlider}). In a range query over many series the selector's series are split between
 * the engine's workers ({@link ParallelSlices}). One per call evaluation.
 */
final class RangeFunctionCall {
  private final Evaluator ev;
  private final Call call;
  private final RangeFunctions.Def def;
  private boolean quantileWarned;

  RangeFunctionCall(Evaluator ev, Call call, RangeFunctions.Def def) {
    this.ev = ev;
    this.call = call;
    this.def = def;
  }

  List<StepSeries> run(StepGrid grid) {
    return runOrStream(grid, null);
  }

  /**
   * {@link #run}, with the outputs handed to the sink {@code target} opens, in order, when the
   * function reads a matrix selector in a range query, or is folded from the store's facts at one
   * instant ({@link #foldsFacts}), and the target takes its series: returns null then. A null
   * target never streams.
   */
  List<StepSeries> runOrStream(StepGrid grid, Evaluator.StreamTarget target) {
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
    if (foldsFacts(call, grid)) {
      return runOnFacts(
          (MatrixSelector) FunctionCalls.unwrap(matrix),
          RangeFunctions.factsBody(name),
          grid,
          matrix,
          target);
    }
    if (FunctionCalls.unwrap(matrix) instanceof MatrixSelector m) {
      // The scalar arguments first (as Prometheus does), so that the selector's series can then
      // stream through one buffer, each folded before the next is read.
      List<double[]> scalars = scalarArgs(matrixArg, grid);
      long range = m.range().toMillis();
      long offset = m.selector().offset().toMillis();
      Long at = ev.at(m.selector().at());
      MatrixStream in = ev.selectors.stream(m.selector(), range, grid, at);
      Consumer<StepSeries> sink =
          target != null && grid.steps() > 1
              ? target.open(in.selected().size(), i -> in.selected().get(i).labels())
              : null;
      int workers = ev.workersFor(in.seriesCount(), grid);
      StepSeriesPool pool = sink != null ? ev.pool : null;
      ParallelSlices.SliceTask<WindowSlider> slice =
          (from, to, counter) -> {
            WindowSlider slider = new WindowSlider(call, def, grid, scalars, counter, null, pool);
            MatrixStream stream = in.slice(from, to, counter);
            for (StepSeries x = stream.next(); x != null; x = stream.next()) {
              slider.slide(x, range, offset, at);
            }
            return slider;
          };
      if (workers > 1 && sink != null) {
        new ParallelSlices<WindowSlider>(ev.workers, workers, ev.limits)
            .run(
                in.seriesCount(),
                Evaluator.STREAMED_SLICE,
                slice,
                s -> {
                  annotate(s, matrix);
                  s.out().forEach(o -> ev.foldAndReuse(o, sink));
                });
        return null;
      }
      if (workers > 1) {
        return finish(
            new ParallelSlices<WindowSlider>(ev.workers, workers, ev.limits)
                .run(in.seriesCount(), slice),
            matrix);
      }
      WindowSlider slider =
          new WindowSlider(
              call,
              def,
              grid,
              scalars,
              ev.limits,
              sink == null ? null : o -> ev.foldAndReuse(o, sink),
              pool);
      for (StepSeries s = in.next(); s != null; s = in.next()) {
        slider.slide(s, range, offset, at);
      }
      if (sink != null) {
        annotate(slider, matrix);
        return null;
      }
      return finish(List.of(slider), matrix);
    }
    RangeInput in = ev.rangeInput(matrix, grid);
    WindowSlider slider = new WindowSlider(call, def, grid, scalarArgs(matrixArg, grid), ev.limits);
    for (StepSeries s : in.series()) {
      slider.slide(s, in.range(), in.offset(), in.at());
    }
    return finish(List.of(slider), matrix);
  }

  private List<double[]> scalarArgs(int matrixArg, StepGrid grid) {
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
   * The sliders' outputs in order, and their annotations as one slider over all the series would
   * have made them: the quantile warning once, about the first bad argument met, and each
   * not-a-counter info in the order the series showed it.
   */
  private List<StepSeries> finish(List<WindowSlider> sliders, Expr matrix) {
    for (WindowSlider s : sliders) {
      annotate(s, matrix);
    }
    if (sliders.size() == 1) {
      return sliders.get(0).out();
    }
    int n = 0;
    for (WindowSlider s : sliders) {
      n += s.out().size();
    }
    List<StepSeries> out = new ArrayList<>(n);
    for (WindowSlider s : sliders) {
      out.addAll(s.out());
    }
    return out;
  }

  /**
   * A slider's annotations, sliders taken in series order: the quantile warning once, about the
   * first slider's bad argument, and the not-a-counter infos in order (warnings and infos are kept
   * apart, so interleaving the two per slider gives what one slider over every series gives).
   */
  private void annotate(WindowSlider s, Expr matrix) {
    if (!quantileWarned && s.badQuantile() != null) {
      quantileWarned = true;
      ev.annotations.warn(
          "quantile value should be between 0 and 1, got " + GoFormat.formatG(s.badQuantile()),
          call.args().get(0));
    }
    noteNonCounters(s, matrix);
  }

  private void noteNonCounters(WindowSlider s, Expr matrix) {
    for (String metric : s.notCounters()) {
      ev.annotations.info(
          "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
              + LabelFunctions.quote(metric),
          matrix);
    }
  }

  /**
   * One evaluation time over a plain matrix selector, the shape of rule and dashboard instant
   * queries: each window is folded from the store's runs, so {@code rate(x[30d])} reads the
   * summaries of the chunks inside the window and the samples of the two at its edges.
   */
  private List<StepSeries> runOnFacts(
      MatrixSelector m,
      RangeFunctions.FactsBody body,
      StepGrid grid,
      Expr arg,
      Evaluator.StreamTarget target) {
    long t = grid.time(0);
    long range = m.range().toMillis();
    Long at = ev.at(m.selector().at());
    long end = (at != null ? at : t) - m.selector().offset().toMillis();
    List<Selectors.SeriesFacts> facts = ev.selectors.facts(m.selector(), range, t, at);
    // An aggregation over this call takes each output as it is made (an SLO's sum(rate(…)) over
    // a hundred series and seven windows, a thousand times a second): one reused series instead
    // of a series and two arrays per input, which the fold would drop at once.
    Consumer<StepSeries> sink =
        target != null ? target.open(facts.size(), i -> facts.get(i).labels()) : null;
    List<StepSeries> out = sink == null ? new ArrayList<>(facts.size()) : null;
    // The fold reads a series as it accepts it and keeps nothing of it: one serves every input.
    StepSeries reused = sink != null ? new StepSeries(Labels.EMPTY, !def.keepName(), 1) : null;
    WindowSlider notes = new WindowSlider(call, def, grid, List.of(), ev.limits);
    for (Selectors.SeriesFacts s : facts) {
      if (s.facts().count < def.minSamples()) {
        continue;
      }
      StepSeries o;
      if (reused != null) {
        o = reused;
        o.labels = s.labels();
        o.size = 0;
      } else {
        o = new StepSeries(s.labels(), !def.keepName(), 1);
      }
      o.add(t, body.apply(s.facts(), end - range, end));
      ev.limits.addSamples(1); // counted as a held output is, streamed or not
      notes.noteMetric(s.labels().get(Labels.METRIC_NAME));
      if (sink != null) {
        sink.accept(o);
      } else {
        out.add(o);
      }
    }
    noteNonCounters(notes, arg);
    return out;
  }

  /**
   * Whether {@code call} at {@code grid} is folded from the store's facts ({@link #runOnFacts}),
   * the one single-step shape whose outputs an aggregation can take as they are made.
   */
  static boolean foldsFacts(Call call, StepGrid grid) {
    if (grid.steps() != 1 || RangeFunctions.factsBody(call.function().name()) == null) {
      return false;
    }
    for (Expr a : call.args()) {
      if (a.type() == ValueType.MATRIX) {
        return FunctionCalls.unwrap(a) instanceof MatrixSelector;
      }
    }
    return false;
  }
}
