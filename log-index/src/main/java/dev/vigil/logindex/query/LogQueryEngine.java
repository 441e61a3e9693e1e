package dev.vigil.logindex.query;

import dev.vigil.logindex.logql.Expr;
import dev.vigil.logindex.logql.Expr.LogQuery;
import dev.vigil.logindex.logql.Expr.Metric;
import dev.vigil.logindex.logql.Expr.RangeAggregation;
import dev.vigil.logindex.logql.Expr.VectorAggregation;
import dev.vigil.logindex.logql.LogQLParseException;
import dev.vigil.logindex.logql.LogQLParser;
import dev.vigil.logindex.logql.Pipeline;
import dev.vigil.logindex.store.Lease;
import dev.vigil.logindex.store.LogReader;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.Query;

/**
 * Runs LogQL on a {@link LogReader}: log queries, instant and range metric queries, and the label
 * listings Loki's API offers. Times are ns since the epoch, ranges inclusive. Every call stops at
 * the engine's timeout and then fails whole ({@link QueryTimeoutException}). Thread-safe: each call
 * holds its own searchers.
 */
public final class LogQueryEngine {
  /** Prometheus' cap on points per series in a range query. */
  public static final int MAX_STEPS = 11_000;

  private final LogReader reader;
  private final long maxSamples;
  private final int maxSeries;
  private final Duration timeout;

  /**
   * @param timeout how long one query, listing or search may take before it is stopped and fails
   *     with {@link QueryTimeoutException}
   */
  public LogQueryEngine(LogReader reader, long maxSamples, int maxSeries, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the query timeout must be above zero, got " + timeout);
    }
    this.reader = reader;
    this.maxSamples = maxSamples;
    this.maxSeries = maxSeries;
    this.timeout = timeout;
  }

  /** Lines of a log query, at most {@code limit}, in the given order. */
  public List<LogEntry> logs(
      Tenant tenant, String logql, long startNanos, long endNanos, int limit, Direction direction)
      throws LogQLParseException, QueryException, IOException {
    Expr e = LogQLParser.parse(logql);
    if (!(e instanceof LogQuery q)) {
      throw new QueryException(
          "'"
              + logql
              + "' is a metric query; run it as an instant or range"
              + " query, or give a log query such as {service_name=\"x\"} |= \"error\"");
    }
    return logs(tenant, q, startNanos, endNanos, limit, direction);
  }

  public List<LogEntry> logs(
      Tenant tenant, LogQuery q, long startNanos, long endNanos, int limit, Direction direction)
      throws QueryException, IOException {
    checkRange(startNanos, endNanos);
    if (limit <= 0) {
      throw new QueryException("limit must be positive, got " + limit);
    }
    Deadline deadline = Deadline.after(timeout);
    EntryCollector collector =
        new EntryCollector(q.selector(), new Pipeline(q.pipeline()), limit, direction);
    try (Lease lease = reader.acquire(tenant, startNanos, endNanos)) {
      List<Lease.Held> held = new ArrayList<>(lease.searchers());
      if (direction == Direction.FORWARD) {
        held.sort(Comparator.comparingLong(h -> h.span().startNanos()));
      }
      for (Lease.Held h : held) {
        if (collector.fullBefore(h.span().endNanos())
            || collector.fullAfter(h.span().startNanos())) {
          break;
        }
        Searches.run(
            h.searcher(),
            Searches.prefilter(h.searcher(), q, startNanos, endNanos),
            collector,
            deadline);
      }
    }
    return collector.entries();
  }

  /** A metric query evaluated at one time: a vector. */
  public MetricResult instant(Tenant tenant, String logql, long timeNanos)
      throws LogQLParseException, QueryException, IOException {
    return evaluate(tenant, metric(logql), timeNanos, timeNanos, 1, true);
  }

  /** A metric query evaluated at {@code start, start + step, …, ≤ end}: a matrix. */
  public MetricResult range(
      Tenant tenant, String logql, long startNanos, long endNanos, long stepNanos)
      throws LogQLParseException, QueryException, IOException {
    checkRange(startNanos, endNanos);
    if (stepNanos <= 0) {
      throw new QueryException("step must be positive, got " + stepNanos + " ns");
    }
    return evaluate(tenant, metric(logql), startNanos, endNanos, stepNanos, false);
  }

  public MetricResult evaluate(
      Tenant tenant, Metric expr, long startNanos, long endNanos, long stepNanos, boolean vector)
      throws QueryException, IOException {
    long steps = (endNanos - startNanos) / stepNanos + 1;
    if (steps > MAX_STEPS) {
      throw new QueryLimitException(
          "the range query would have "
              + steps
              + " steps, more than "
              + MAX_STEPS
              + "; raise the step or shorten the range");
    }
    StepMatrix m = eval(tenant, expr, startNanos, stepNanos, (int) steps, Deadline.after(timeout));
    List<SampleSeries> series = m.toSeries();
    if (series.size() > maxSeries) {
      throw new QueryLimitException(
          "the query returns "
              + series.size()
              + " series, more than"
              + " the limit of "
              + maxSeries
              + "; aggregate (sum by (...)) or narrow the selector");
    }
    List<SampleSeries> sorted = new ArrayList<>(series);
    if (vector && isRanking(expr)) {
      boolean top = ((VectorAggregation) expr).op() == Expr.AggOp.TOPK;
      sorted.sort(
          Comparator.comparingDouble(
              (SampleSeries s) -> top ? -s.samples().get(0).value() : s.samples().get(0).value()));
    } else {
      sorted.sort(Comparator.comparing(SampleSeries::labels));
    }
    return new MetricResult(vector, sorted);
  }

  private static boolean isRanking(Metric e) {
    return e instanceof VectorAggregation v
        && (v.op() == Expr.AggOp.TOPK || v.op() == Expr.AggOp.BOTTOMK);
  }

  private StepMatrix eval(
      Tenant tenant, Metric expr, long start, long step, int steps, Deadline deadline)
      throws QueryException, IOException {
    return switch (expr) {
      case Expr.Comparison c -> compare(c, eval(tenant, c.inner(), start, step, steps, deadline));
      case VectorAggregation v ->
          VectorAggregations.apply(
              v.op(),
              v.grouping(),
              v.parameter(),
              eval(tenant, v.inner(), start, step, steps, deadline));
      case RangeAggregation r -> {
        long end = start + (steps - 1) * step;
        long lo = start - r.offsetNanos() - r.rangeNanos() + 1;
        long hi = end - r.offsetNanos();
        SampleCollector c =
            new SampleCollector(
                r.log().selector(),
                new Pipeline(r.log().pipeline()),
                LineFilterQueries.exact(r.log().pipeline()),
                maxSamples,
                steps > 1);
        try (Lease lease = reader.acquire(tenant, lo, hi)) {
          for (Lease.Held h : lease.searchers()) {
            Searches.run(
                h.searcher(), Searches.prefilter(h.searcher(), r.log(), lo, hi), c, deadline);
          }
        } catch (SampleCollector.LimitReached e) {
          throw new QueryLimitException(
              "the query reads more than "
                  + maxSamples
                  + " log lines;"
                  + " shorten the range, add line filters or narrow the selector");
        }
        StepMatrix counted = RangeWindows.evaluate(r, c.series(), start, step, steps);
        yield r.op() == Expr.RangeOp.ABSENT_OVER_TIME ? absent(r, counted) : counted;
      }
    };
  }

  /**
   * 1 at the steps where no series had a line, labelled as Prometheus labels absent_over_time: by
   * the selector's equality matchers (a regex or negative matcher names no value to report).
   */
  private static StepMatrix absent(RangeAggregation r, StepMatrix counted) {
    StepMatrix out = new StepMatrix(counted.startNanos, counted.stepNanos, counted.steps);
    Labels.Builder b = Labels.builder();
    for (LabelMatcher m : r.log().selector()) {
      if (m.type() == LabelMatcher.Type.EQUAL) {
        b.set(m.name(), m.value());
      }
    }
    double[] v = null;
    for (int i = 0; i < counted.steps; i++) {
      boolean any = false;
      for (double[] s : counted.values) {
        any |= !Double.isNaN(s[i]);
      }
      if (!any) {
        if (v == null) {
          v = out.add(b.build());
        }
        v[i] = 1;
      }
    }
    return out;
  }

  /** Filters (or, with {@code bool}, maps to 1 and 0) every sample by the comparison. */
  private static StepMatrix compare(Expr.Comparison c, StepMatrix m) {
    for (double[] v : m.values) {
      for (int i = 0; i < v.length; i++) {
        if (Double.isNaN(v[i])) {
          continue; // no sample stays no sample, also with bool
        }
        boolean holds = c.op().holds(v[i], c.threshold());
        v[i] = c.bool() ? (holds ? 1 : 0) : holds ? v[i] : Double.NaN;
      }
    }
    return m;
  }

  private static Metric metric(String logql) throws LogQLParseException, QueryException {
    Expr e = LogQLParser.parse(logql);
    if (!(e instanceof Metric m)) {
      throw new QueryException(
          "'"
              + logql
              + "' is a log query; metric queries wrap it, as in"
              + " count_over_time("
              + logql
              + " [5m])");
    }
    return m;
  }

  // ---- labels and series

  /** The label names of streams with lines in [start, end]. */
  public SortedSet<String> labelNames(Tenant tenant, long startNanos, long endNanos)
      throws IOException, QueryTimeoutException {
    SortedSet<String> names = new TreeSet<>();
    for (Labels l : streams(tenant, List.of(), startNanos, endNanos)) {
      for (int i = 0; i < l.size(); i++) {
        names.add(l.name(i));
      }
    }
    return names;
  }

  /** The values of one label among streams with lines in [start, end]. */
  public SortedSet<String> labelValues(Tenant tenant, String name, long startNanos, long endNanos)
      throws IOException, QueryTimeoutException {
    SortedSet<String> values = new TreeSet<>();
    for (Labels l : streams(tenant, List.of(), startNanos, endNanos)) {
      String v = l.get(name);
      if (!v.isEmpty()) {
        values.add(v);
      }
    }
    return values;
  }

  /** The streams matching every matcher with lines in [start, end], sorted. */
  public List<Labels> series(
      Tenant tenant, List<LabelMatcher> matchers, long startNanos, long endNanos)
      throws IOException, QueryTimeoutException {
    return new ArrayList<>(new TreeSet<>(streams(tenant, matchers, startNanos, endNanos)));
  }

  private java.util.Set<Labels> streams(
      Tenant tenant, List<LabelMatcher> matchers, long startNanos, long endNanos)
      throws IOException, QueryTimeoutException {
    Deadline deadline = Deadline.after(timeout);
    StreamCollector c = new StreamCollector(matchers);
    Query range = TimeRanges.between(startNanos, endNanos);
    try (Lease lease = reader.acquire(tenant, startNanos, endNanos)) {
      for (Lease.Held h : lease.searchers()) {
        Searches.run(h.searcher(), new ConstantScoreQuery(range), c, deadline);
      }
    }
    return c.streams();
  }

  // ---- plain search and trace lookup

  /** Newest first, at most {@code limit} lines matching a Lucene-syntax query. */
  public List<LogEntry> search(
      Tenant tenant, String luceneQuery, long startNanos, long endNanos, int limit)
      throws QueryException, IOException {
    checkRange(startNanos, endNanos);
    return PlainSearch.run(
        reader, tenant, luceneQuery, startNanos, endNanos, limit, Deadline.after(timeout));
  }

  /** Every line of the trace in [start, end], oldest first, at most {@code limit}. */
  public List<LogEntry> trace(
      Tenant tenant, dev.vigil.model.TraceId traceId, long startNanos, long endNanos, int limit)
      throws IOException, QueryException {
    Query q = IdQueries.trace(traceId);
    List<LogEntry> entries =
        PlainSearch.run(reader, tenant, q, startNanos, endNanos, limit, Deadline.after(timeout));
    List<LogEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(LogEntry::timestampNanos));
    return sorted;
  }

  private static void checkRange(long start, long end) throws QueryException {
    if (end < start) {
      throw new QueryException(
          "the end of the range (" + end + ") is before its start (" + start + ")");
    }
  }

  static BooleanQuery.Builder filtered(Query q, long start, long end) {
    return new BooleanQuery.Builder()
        .add(q, Occur.MUST)
        .add(TimeRanges.between(start, end), Occur.FILTER);
  }
}
