package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import dev.vigil.model.series.Series;
import dev.vigil.promql.ParsedQuery;
import dev.vigil.promql.ast.AggregateExpr;
import dev.vigil.promql.ast.AtModifier;
import dev.vigil.promql.ast.BinaryExpr;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.NumberLiteral;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.StringLiteral;
import dev.vigil.promql.ast.SubqueryExpr;
import dev.vigil.promql.ast.UnaryExpr;
import dev.vigil.promql.ast.VectorSelector;
import dev.vigil.promql.engine.Selectors.InstantRead;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Walks the tree of one query. Every node is evaluated once over a whole {@link StepGrid} (one step
 * for an instant query) and yields step-aligned series, as Prometheus' range evaluation does; a
 * subquery evaluates its inner expression once over its own grid. Not thread-safe: one per query.
 */
final class Evaluator {
  final ParsedQuery query;
  final EngineOptions options;
  final QueryLimits limits;
  final Annotations annotations;
  final Selectors selectors;

  /** Threads that may help evaluate a range function's series; see {@link RangeFunctionCall}. */
  final QueryWorkers workers;

  /** The outer query's range, for {@code @ start()}, {@code @ end()}, start(), end(), step(). */
  final long queryStart;

  final long queryEnd;
  final long queryStep;

  /** Step series of streamed expressions, reused once their fold is done with them. */
  final StepSeriesPool pool = new StepSeriesPool();

  private final BinaryOperations binary = new BinaryOperations(this);
  private final Aggregations aggregations = new Aggregations(this);
  private final FunctionCalls functions = new FunctionCalls(this);

  Evaluator(
      ParsedQuery query,
      EngineOptions options,
      QueryLimits limits,
      Selectors selectors,
      QueryWorkers workers,
      long queryStart,
      long queryEnd,
      long queryStep) {
    this.query = query;
    this.options = options;
    this.limits = limits;
    this.annotations = new Annotations(query);
    this.selectors = selectors;
    this.workers = workers;
    this.queryStart = queryStart;
    this.queryEnd = queryEnd;
    this.queryStep = queryStep;
  }

  /**
   * Evaluates {@code expr} at every step of {@code grid}. Afterwards only the result stays counted
   * against the sample limit: whatever the node loaded or its children produced is released.
   */
  List<StepSeries> eval(Expr expr, StepGrid grid) {
    limits.checkDeadline();
    long mark = limits.samples();
    List<StepSeries> result = dispatch(expr, grid);
    long kept = 0;
    for (StepSeries s : result) {
      kept += s.size;
    }
    limits.resetTo(mark, kept);
    return result;
  }

  private List<StepSeries> dispatch(Expr expr, StepGrid grid) {
    return switch (expr) {
      case NumberLiteral n -> constant(n.value(), grid);
      case ParenExpr p -> eval(p.expr(), grid);
      case UnaryExpr u -> unary(u, grid);
      case VectorSelector v -> instant(v, grid, false);
      case MatrixSelector m -> windows(rangeInput(m, grid), grid);
      case SubqueryExpr s -> windows(rangeInput(s, grid), grid);
      case BinaryExpr b -> binary.eval(b, grid);
      case AggregateExpr a -> aggregations.eval(a, grid);
      case Call c -> functions.eval(c, grid);
      case StringLiteral s ->
          throw new IllegalStateException("BUG: string literal evaluated as a vector: " + s);
    };
  }

  /**
   * The most series a worker evaluates before the query's thread may fold them, when a streamed
   * expression is split between workers: what waits to be folded stays a few slices.
   */
  static final int STREAMED_SLICE = 256;

  /** Where the series of a streamed expression go ({@link #evalOrStream}). */
  interface StreamTarget {
    /**
     * Called once the expression's series are selected, before any is evaluated, with the labels of
     * the {@code count} series its outputs carry (series without output are skipped); returns where
     * to hand the outputs, in order, or null to have them returned as a list instead.
     */
    Consumer<StepSeries> open(int count, IntFunction<Labels> labelsOf);
  }

  /**
   * Evaluates {@code expr} as {@link #eval} does, except that an instant selector or a range
   * function over a matrix selector in a range query, or a range function folded from the store's
   * facts at one instant ({@link RangeFunctionCall#foldsFacts}, an SLO rule's shape), hands its
   * series one by one to the sink that {@code target} opens, rather than holding them all first:
   * returns null then. A day of 10,000 series at step 1 m is 230 MB of points that an aggregation
   * would fold and drop; streamed, a few slices of them are alive at a time.
   */
  List<StepSeries> evalOrStream(
      Expr expr, StepGrid grid, StreamTarget target, boolean presenceOnly) {
    Expr e = FunctionCalls.unwrap(expr);
    RangeFunctions.Def def =
        e instanceof Call c ? RangeFunctions.lookup(c.function().name()) : null;
    boolean streams =
        grid.steps() > 1
            ? e instanceof VectorSelector || def != null
            : def != null && RangeFunctionCall.foldsFacts((Call) e, grid);
    if (!streams) {
      return eval(expr, grid);
    }
    limits.checkDeadline();
    long mark = limits.samples();
    List<StepSeries> result =
        e instanceof VectorSelector v
            ? instantOrStream(
                v, grid, target, presenceOnly ? InstantRead.PRESENCE : InstantRead.VALUES)
            : new RangeFunctionCall(this, (Call) e, def).runOrStream(grid, target);
    long kept = 0;
    if (result != null) {
      for (StepSeries s : result) {
        kept += s.size;
      }
    }
    limits.resetTo(mark, kept);
    return result;
  }

  private List<StepSeries> instantOrStream(
      VectorSelector v, StepGrid grid, StreamTarget target, InstantRead read) {
    Long at = at(v.at());
    List<Series> selected = selectors.select(v);
    Consumer<StepSeries> sink = target.open(selected.size(), i -> selected.get(i).labels());
    if (sink == null) {
      return instant(selected, v, grid, at, read);
    }
    int w = workersFor(selected.size(), grid);
    if (w == 1) {
      selectors.instant(selected, v, grid, at, read, limits, pool, s -> foldAndReuse(s, sink));
    } else {
      new ParallelSlices<List<StepSeries>>(workers, w, limits)
          .run(
              selected.size(),
              STREAMED_SLICE,
              (from, to, counter) -> {
                List<StepSeries> part = new ArrayList<>(to - from);
                selectors.instant(
                    selected.subList(from, to), v, grid, at, read, counter, pool, part::add);
                return part;
              },
              part -> part.forEach(s -> foldAndReuse(s, sink)));
    }
    return null;
  }

  /** Hands {@code s} to a streamed expression's sink, then its arrays to the next series. */
  void foldAndReuse(StepSeries s, Consumer<StepSeries> sink) {
    sink.accept(s);
    pool.give(s);
  }

  /**
   * An instant selector at every step of {@code grid}; with {@code timestamps} the samples' times
   * ({@link Selectors#instant}). A range query over many series splits them between workers.
   */
  List<StepSeries> instant(VectorSelector v, StepGrid grid, boolean timestamps) {
    return instant(
        selectors.select(v),
        v,
        grid,
        at(v.at()),
        timestamps ? InstantRead.TIMESTAMPS : InstantRead.VALUES);
  }

  private List<StepSeries> instant(
      List<Series> selected, VectorSelector v, StepGrid grid, Long at, InstantRead read) {
    int w = workersFor(selected.size(), grid);
    if (w == 1) {
      return selectors.instant(selected, v, grid, at, read, limits);
    }
    List<List<StepSeries>> parts =
        new ParallelSlices<List<StepSeries>>(workers, w, limits)
            .run(
                selected.size(),
                (from, to, counter) ->
                    selectors.instant(selected.subList(from, to), v, grid, at, read, counter));
    int n = 0;
    for (List<StepSeries> p : parts) {
      n += p.size();
    }
    List<StepSeries> out = new ArrayList<>(n);
    for (List<StepSeries> p : parts) {
      out.addAll(p);
    }
    return out;
  }

  /**
   * How many workers evaluate a selector of {@code series} series: more than one only for a range
   * query with enough series and steps that splitting them pays for handing them over. (The samples
   * a series holds are known only once it is read; the steps stand in for them.)
   */
  int workersFor(int series, StepGrid grid) {
    int steps = grid.steps();
    if (steps <= 1 || series < 2 || (long) series * steps < options.parallelMinSeriesSteps()) {
      return 1;
    }
    return Math.min(options.queryWorkers(), workers.workers());
  }

  /** The series and windowing of a range-vector expression (matrix selector or subquery). */
  RangeInput rangeInput(Expr expr, StepGrid grid) {
    return switch (expr) {
      case ParenExpr p -> rangeInput(p.expr(), grid);
      case MatrixSelector m ->
          selectors.range(m.selector(), m.range().toMillis(), grid, at(m.selector().at()));
      case SubqueryExpr s -> subquery(s, grid);
      default -> throw new IllegalStateException("BUG: not a range vector: " + expr);
    };
  }

  /**
   * Evaluates a subquery's inner expression on its own grid: steps aligned to multiples of the
   * subquery step, from just after the earliest window start to the latest window end.
   */
  private RangeInput subquery(SubqueryExpr s, StepGrid grid) {
    long offset = s.offset().toMillis();
    long range = s.range().toMillis();
    long step = s.step().isZero() ? options.defaultSubqueryStep().toMillis() : s.step().toMillis();
    Long at = at(s.at());
    long refStart = (at != null ? at : grid.start()) - offset;
    long lastStep = grid.start() + (grid.steps() - 1L) * grid.interval();
    long refEnd = (at != null ? at : lastStep) - offset;
    long start = step * ((refStart - range) / step);
    if (start <= refStart - range) {
      start += step;
    }
    // Each inner step of each series is a sample held in memory: refuse a subquery whose grid
    // alone exceeds the budget before allocating anything for it.
    long steps = refEnd < start ? 0 : (refEnd - start) / step + 1;
    limits.checkSteps(steps);
    List<StepSeries> inner = eval(s.expr(), new StepGrid(start, refEnd, step));
    return new RangeInput(inner, range, offset, at);
  }

  /** A range vector as a value: the points of each window (instant queries only). */
  private List<StepSeries> windows(RangeInput in, StepGrid grid) {
    if (!grid.isInstant()) {
      throw new IllegalStateException("BUG: range vector in a range query");
    }
    long end = in.windowEnd(grid.start());
    long start = end - in.range();
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : in.series()) {
      StepSeries o = new StepSeries(s.labels, s.dropName, 8);
      for (int i = 0; i < s.size; i++) {
        if (s.ts[i] > start && s.ts[i] <= end) {
          o.add(s.ts[i], s.vs[i]);
        }
      }
      if (o.size > 0) {
        out.add(o);
      }
    }
    return out;
  }

  List<StepSeries> constant(double value, StepGrid grid) {
    int steps = grid.steps();
    StepSeries s = new StepSeries(Labels.EMPTY, false, steps);
    for (int i = 0; i < steps; i++) {
      s.add(grid.time(i), value);
    }
    return List.of(s);
  }

  private List<StepSeries> unary(UnaryExpr u, StepGrid grid) {
    List<StepSeries> in = eval(u.expr(), grid);
    if (!u.negate()) {
      return in;
    }
    for (StepSeries s : in) {
      s.dropName = true;
      for (int i = 0; i < s.size; i++) {
        s.vs[i] = -s.vs[i];
      }
    }
    return in;
  }

  /** The time an {@code @} modifier pins evaluation to, or null without one. */
  Long at(AtModifier at) {
    if (at == null) {
      return null;
    }
    return switch (at.kind()) {
      case TIMESTAMP -> at.epochMillis();
      case START -> queryStart;
      case END -> queryEnd;
    };
  }

  /** Values of a scalar expression, one per step of {@code grid}. */
  double[] scalarArg(Expr expr, StepGrid grid) {
    List<StepSeries> r = eval(expr, grid);
    double[] out = new double[grid.steps()];
    java.util.Arrays.fill(out, Double.NaN);
    if (!r.isEmpty()) {
      StepSeries s = r.get(0);
      for (int i = 0; i < s.size; i++) {
        out[(int) ((s.ts[i] - grid.start()) / grid.interval())] = s.vs[i];
      }
    }
    return out;
  }

  static int stepIndex(StepGrid grid, long t) {
    return (int) ((t - grid.start()) / grid.interval());
  }
}
