package dev.vigil.promql.engine;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.model.series.SeriesStore;
import dev.vigil.promql.ParseException;
import dev.vigil.promql.ParsedQuery;
import dev.vigil.promql.ParserOptions;
import dev.vigil.promql.PromQL;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.StringLiteral;
import dev.vigil.promql.ast.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Runs PromQL queries over a {@link SeriesStore}, with Prometheus 3.x semantics.
 *
 * <pre>{@code
 * Engine engine = new Engine(store, EngineOptions.DEFAULTS);
 * QueryResult r = engine.instantQuery(tenant, "sum by (job) (rate(http_requests_total[5m]))", now);
 * QueryResult m = engine.rangeQuery(tenant, "up", start, end, Duration.ofSeconds(15));
 * }</pre>
 *
 * <p>Each query opens one querier over the time range its selectors need and reads every selector
 * once; range queries step through the loaded samples rather than re-reading storage per step. A
 * range query's range function over enough series and steps ({@link
 * EngineOptions#parallelMinSeriesSteps}) splits the series between {@link
 * EngineOptions#queryWorkers} workers, with the same result to the bit. Thread-safe: queries share
 * nothing but the store and the workers.
 *
 * <p>Close an engine that made its own {@link QueryWorkers} to stop their threads (they are daemon
 * threads that also end after a minute idle); one given {@link QueryWorkers} leaves them to their
 * owner.
 */
public final class Engine implements AutoCloseable {
  /** Prometheus refuses range queries with more points per series than this. */
  public static final int MAX_POINTS_PER_SERIES = 11_000;

  private final SeriesStore store;
  private final EngineOptions options;
  private final QueryWorkers workers;
  private final boolean ownsWorkers;

  /** An engine with workers of its own, {@link EngineOptions#queryWorkers} of them per query. */
  public Engine(SeriesStore store, EngineOptions options) {
    this(store, options, QueryWorkers.of(options.queryWorkers()), true);
  }

  /**
   * An engine whose queries borrow {@code workers}' threads (at most {@link
   * EngineOptions#queryWorkers} per query); closing it leaves them running.
   */
  public Engine(SeriesStore store, EngineOptions options, QueryWorkers workers) {
    this(store, options, Objects.requireNonNull(workers, "workers"), false);
  }

  private Engine(
      SeriesStore store, EngineOptions options, QueryWorkers workers, boolean ownsWorkers) {
    this.store = Objects.requireNonNull(store, "store");
    this.options = Objects.requireNonNull(options, "options");
    this.workers = workers;
    this.ownsWorkers = ownsWorkers;
  }

  /** Stops the engine's own worker threads; queries still running finish on their own threads. */
  @Override
  public void close() {
    if (ownsWorkers) {
      workers.close();
    }
  }

  public EngineOptions options() {
    return options;
  }

  /**
   * Evaluates {@code query} at one time.
   *
   * @throws BadQueryException if the query does not parse
   * @throws QueryExecutionException if evaluation fails on the data
   * @throws QueryLimitException if the query needs more samples or series than allowed
   * @throws QueryTimeoutException if it runs past the timeout or its thread is interrupted
   */
  public QueryResult instantQuery(Tenant tenant, String query, Instant time) {
    return instantQuery(tenant, query, time.toEpochMilli());
  }

  /** As {@link #instantQuery(Tenant, String, Instant)}, with the time in epoch milliseconds. */
  public QueryResult instantQuery(Tenant tenant, String query, long timeMillis) {
    return instantQuery(tenant, prepare(query), timeMillis);
  }

  /**
   * Parses {@code query} with this engine's options once, for callers that evaluate the same
   * expression again and again (rule groups): parsing costs about as much as evaluating a short
   * window.
   *
   * @throws BadQueryException if the query does not parse
   */
  public ParsedQuery prepare(String query) {
    return parse(query);
  }

  /** As {@link #instantQuery(Tenant, String, long)} for a query from {@link #prepare}. */
  public QueryResult instantQuery(Tenant tenant, ParsedQuery query, long timeMillis) {
    return execute(tenant, query, timeMillis, timeMillis, 0);
  }

  /**
   * Evaluates {@code query} at {@code start}, {@code start + step}, ... up to {@code end}. The
   * result is always a matrix sorted by labels.
   *
   * @throws BadQueryException if the query does not parse, returns a range vector or string, or the
   *     step is not positive, end precedes start, or there are more than {@value
   *     #MAX_POINTS_PER_SERIES} steps
   * @throws QueryExecutionException if evaluation fails on the data
   * @throws QueryLimitException if the query needs more samples or series than allowed
   * @throws QueryTimeoutException if it runs past the timeout or its thread is interrupted
   */
  public QueryResult rangeQuery(
      Tenant tenant, String query, Instant start, Instant end, Duration step) {
    return rangeQuery(tenant, query, start.toEpochMilli(), end.toEpochMilli(), step.toMillis());
  }

  /** As {@link #rangeQuery(Tenant, String, Instant, Instant, Duration)}, in milliseconds. */
  public QueryResult rangeQuery(
      Tenant tenant, String query, long startMillis, long endMillis, long stepMillis) {
    if (stepMillis <= 0) {
      throw new BadQueryException(
          "zero or negative query resolution step widths are not accepted. Try a positive"
              + " integer");
    }
    if (endMillis < startMillis) {
      throw new BadQueryException("end timestamp must not be before start time");
    }
    if ((endMillis - startMillis) / stepMillis > MAX_POINTS_PER_SERIES) {
      throw new BadQueryException(
          "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query"
              + " resolution (?step=XX)");
    }
    ParsedQuery parsed = parse(query);
    ValueType type = parsed.expr().type();
    if (type != ValueType.SCALAR && type != ValueType.VECTOR) {
      throw new BadQueryException(
          "invalid expression type \""
              + type.documentedName()
              + "\" for range query, must be Scalar or instant Vector");
    }
    return execute(tenant, parsed, startMillis, endMillis, stepMillis);
  }

  private ParsedQuery parse(String query) {
    try {
      return PromQL.parse(
          query,
          options.experimentalFunctions()
              ? ParserOptions.WITH_EXPERIMENTAL_FUNCTIONS
              : ParserOptions.STABLE);
    } catch (ParseException e) {
      throw new BadQueryException(e.getMessage(), e);
    }
  }

  /**
   * Evaluates {@code queries} at one time over one snapshot of the store, as a rule group's
   * independent rules are: a selector several of them read is selected once, and the windows they
   * fold it over ({@code rate(x[5m])} … {@code rate(x[3d])}) are folded in one pass over each
   * series' runs. Each answer is the one {@link #instantQuery(Tenant, ParsedQuery, long)} gives.
   *
   * @throws RuntimeException as {@link #instantQuery(Tenant, String, Instant)} does, for the first
   *     query that fails; the caller evaluates them one by one to learn which
   */
  public List<QueryResult> instantQueries(Tenant tenant, List<ParsedQuery> queries, long time) {
    if (queries.size() == 1) {
      return List.of(instantQuery(tenant, queries.get(0), time));
    }
    long lookback = options.lookbackDelta().toMillis();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (ParsedQuery q : queries) {
      long[] bounds = TimeBounds.of(q.expr(), time, time, lookback);
      min = Math.min(min, bounds[0]);
      max = Math.max(max, bounds[1]);
    }
    SharedReads shared = new SharedReads(queries);
    List<QueryResult> out = new ArrayList<>(queries.size());
    try (SeriesQuerier querier = store.querier(tenant, min, max)) {
      for (ParsedQuery q : queries) {
        out.add(evaluate(q, querier, shared, time, time, 0));
      }
    }
    return out;
  }

  private QueryResult execute(Tenant tenant, ParsedQuery parsed, long start, long end, long step) {
    long[] bounds = TimeBounds.of(parsed.expr(), start, end, options.lookbackDelta().toMillis());
    try (SeriesQuerier querier = store.querier(tenant, bounds[0], bounds[1])) {
      return evaluate(parsed, querier, null, start, end, step);
    }
  }

  private QueryResult evaluate(
      ParsedQuery parsed,
      SeriesQuerier querier,
      SharedReads shared,
      long start,
      long end,
      long step) {
    Expr expr = parsed.expr();
    QueryLimits limits = new QueryLimits(options);
    Expr unwrapped = expr;
    while (unwrapped instanceof ParenExpr p) {
      unwrapped = p.expr();
    }
    if (unwrapped instanceof StringLiteral s) {
      return new QueryResult(new Value.StringValue(start, s.value()), List.of(), List.of());
    }
    long lookback = options.lookbackDelta().toMillis();
    boolean instant = step == 0;
    StepGrid grid = instant ? StepGrid.instant(start) : new StepGrid(start, end, step);
    try {
      Selectors selectors = new Selectors(querier, limits, lookback, shared);
      Evaluator ev = new Evaluator(parsed, options, limits, selectors, workers, start, end, step);
      List<StepSeries> result = Results.cleanup(ev.eval(expr, grid));
      Value value = toValue(expr.type(), instant, start, result);
      return new QueryResult(value, ev.annotations.warnings(), ev.annotations.infos());
    } catch (StackOverflowError e) {
      throw new BadQueryException("query is nested too deeply to evaluate", null);
    }
  }

  private static Value toValue(ValueType type, boolean instant, long t, List<StepSeries> result) {
    if (instant && type == ValueType.SCALAR) {
      return new Value.Scalar(t, result.isEmpty() ? Double.NaN : result.get(0).vs[0]);
    }
    if (instant && type == ValueType.VECTOR) {
      List<Sample> samples = new ArrayList<>(result.size());
      for (StepSeries s : result) {
        samples.add(new Sample(s.labels, t, s.vs[0]));
      }
      return new Value.Vector(samples);
    }
    List<RangeSeries> series = new ArrayList<>(result.size());
    List<StepSeries> sorted = new ArrayList<>(result);
    sorted.sort(Comparator.comparing(s -> s.labels));
    for (StepSeries s : sorted) {
      series.add(
          new RangeSeries(
              s.labels,
              java.util.Arrays.copyOf(s.ts, s.size),
              java.util.Arrays.copyOf(s.vs, s.size)));
    }
    return new Value.Matrix(series);
  }
}
