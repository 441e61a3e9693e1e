package dev.vigil.promql.promqltest;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.InMemorySeriesStore;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.StaleMarker;
import dev.vigil.promql.ParsedQuery;
import dev.vigil.promql.ParserOptions;
import dev.vigil.promql.PromQL;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.QueryException;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.promql.engine.QueryWorkers;
import dev.vigil.promql.engine.RangeSeries;
import dev.vigil.promql.engine.Sample;
import dev.vigil.promql.engine.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Runs a {@link TestScript} against the {@link Engine} as Prometheus' {@code promqltest} does:
 * loads series into a fresh {@link InMemorySeriesStore} (time 0 is the epoch), evaluates each eval
 * command, and compares results, failures and annotations with the expectations. An instant eval is
 * also run as a range query over the minute around it and must give the same result at its time,
 * which checks range evaluation against instant evaluation on every file.
 *
 * <p>An eval is skipped, with the reason, only when it needs what this engine leaves out and fails
 * because of it: native histograms (in the data it reads or in its expected result), and features
 * Prometheus marks experimental.
 */
public final class ScriptRunner {
  private static final Tenant TENANT = Tenant.DEFAULT;
  private static final Pattern QUERY_CONTEXT_FUNCTIONS =
      Pattern.compile("(start|end|range|step)\\(\\)");

  /** The engine settings of Prometheus' test runner: experimental functions on, 1m subqueries. */
  public static final EngineOptions TEST_OPTIONS =
      EngineOptions.DEFAULTS
          .withExperimentalFunctions(true)
          .withTimeout(Duration.ofSeconds(100))
          .withDefaultSubqueryStep(Duration.ofMinutes(1));

  private final EngineOptions options;

  public ScriptRunner() {
    this(TEST_OPTIONS);
  }

  public ScriptRunner(EngineOptions options) {
    this.options = options;
  }

  public ScriptReport run(TestScript script) {
    InMemorySeriesStore store = new InMemorySeriesStore();
    Set<Labels> histogramSeries = new HashSet<>();
    List<EvalOutcome> outcomes = new ArrayList<>();
    // One set of worker threads for the script's engines (one per eval, as the store changes).
    try (QueryWorkers workers = QueryWorkers.of(options.queryWorkers())) {
      for (ScriptCommand command : script.commands()) {
        switch (command) {
          case LoadCommand load -> load(store, load, histogramSeries);
          case ClearCommand clear -> {
            store = new InMemorySeriesStore();
            histogramSeries.clear();
          }
          case EvalCommand eval ->
              outcomes.add(evaluate(new Engine(store, options, workers), eval, histogramSeries));
        }
      }
    }
    return new ScriptReport(script.name(), outcomes);
  }

  private static void load(InMemorySeriesStore store, LoadCommand load, Set<Labels> histograms) {
    SeriesAppender appender = store.appender();
    long interval = load.interval().toMillis();
    for (SeriesLine line : load.series()) {
      Labels labels = Labels.of(line.labels());
      for (int i = 0; i < line.values().size(); i++) {
        long t = i * interval;
        switch (line.values().get(i)) {
          case SampleValue.Number n -> appender.append(TENANT, labels, t, n.value());
          case SampleValue.Stale s -> appender.append(TENANT, labels, t, StaleMarker.STALE_NAN);
          case SampleValue.Omitted o -> {}
          case SampleValue.Unsupported u -> histograms.add(labels);
        }
      }
      if (load.withNativeHistogramCustomBuckets()) {
        Labels base = nativeHistogramOf(labels);
        if (base != null) {
          histograms.add(base);
        }
      }
    }
    try {
      appender.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The series {@code load_with_nhcb} makes of a classic histogram series, or null. */
  private static Labels nativeHistogramOf(Labels labels) {
    String name = labels.metricName();
    for (String suffix : List.of("_bucket", "_count", "_sum")) {
      if (name.endsWith(suffix)) {
        return labels.toBuilder()
            .set(Labels.METRIC_NAME, name.substring(0, name.length() - suffix.length()))
            .remove("le")
            .build();
      }
    }
    return null;
  }

  private EvalOutcome evaluate(Engine engine, EvalCommand eval, Set<Labels> histograms) {
    String skip = QueryFeatures.unsupported(eval, histograms);
    String failure;
    try {
      failure = check(engine, eval);
    } catch (RuntimeException e) {
      failure = "engine error: " + e;
    }
    if (failure == null) {
      return new EvalOutcome(eval.line(), eval.query(), EvalOutcome.Status.PASSED, "");
    }
    if (skip != null) {
      return new EvalOutcome(
          eval.line(),
          eval.query(),
          EvalOutcome.Status.SKIPPED,
          skip + " (fails: " + failure + ")");
    }
    return new EvalOutcome(eval.line(), eval.query(), EvalOutcome.Status.FAILED, failure);
  }

  /** Runs one eval; returns the first problem, or null when it passes. */
  private static String check(Engine engine, EvalCommand eval) {
    boolean ordered = has(eval, Expectation.Kind.ORDERED);
    if (eval.range()) {
      long start = eval.start().toMillis();
      long end = eval.end().toMillis();
      long step = eval.step().toMillis();
      QueryResult r;
      try {
        r = engine.rangeQuery(TENANT, eval.query(), start, end, step);
      } catch (QueryException e) {
        return expectedFailure(eval, e);
      }
      if (eval.expectsFailure()) {
        return "expected error evaluating query but got none";
      }
      String annotations = Annotations.check(eval, r);
      if (annotations != null) {
        return annotations;
      }
      return ResultCheck.compare(eval.expected(), ordered, r.value(), start, end, step);
    }
    long at = eval.start().toMillis();
    long start = at;
    long end = at;
    long step = 0;
    boolean rangeVector = false;
    if (eval.expected() instanceof ExpectedResult.Series s && s.rangeVectorWindow() != null) {
      start = s.rangeVectorWindow().start().toMillis();
      end = s.rangeVectorWindow().end().toMillis();
      step = s.rangeVectorWindow().step().toMillis();
      at = end;
      rangeVector = true;
    }
    QueryResult r;
    try {
      r = engine.instantQuery(TENANT, eval.query(), at);
    } catch (QueryException e) {
      return expectedFailure(eval, e);
    }
    if (eval.expectsFailure()) {
      return "expected error evaluating query but got none";
    }
    String annotations = Annotations.check(eval, r);
    if (annotations != null) {
      return annotations;
    }
    String diff = ResultCheck.compare(eval.expected(), ordered, r.value(), start, end, step);
    if (diff != null) {
      return diff;
    }
    if (rangeVector
        || eval.expected() instanceof ExpectedResult.StringValue
        || ordered
        || QUERY_CONTEXT_FUNCTIONS.matcher(eval.query()).find()) {
      return null;
    }
    return checkRangeMode(engine, eval, at, r.value() instanceof Value.Scalar);
  }

  /** Prometheus' cross-check: the same query as a range query around {@code at}. */
  private static String checkRangeMode(Engine engine, EvalCommand eval, long at, boolean scalar) {
    QueryResult r;
    try {
      r = engine.rangeQuery(TENANT, eval.query(), at - 60_000, at + 60_000, 60_000);
    } catch (QueryException e) {
      return "range mode: error evaluating query: " + e.getMessage();
    }
    Value.Matrix m = (Value.Matrix) r.value();
    List<Sample> vector = new ArrayList<>();
    for (RangeSeries s : m.series()) {
      for (int i = 0; i < s.size(); i++) {
        if (s.timestamp(i) == at) {
          vector.add(new Sample(s.labels(), at, s.value(i)));
          break;
        }
      }
    }
    Value v =
        scalar
            ? new Value.Scalar(at, vector.isEmpty() ? Double.NaN : vector.get(0).value())
            : new Value.Vector(vector);
    String diff = ResultCheck.compare(eval.expected(), false, v, at, at, 0);
    return diff == null ? null : "range mode: " + diff;
  }

  private static String expectedFailure(EvalCommand eval, QueryException e) {
    if (!eval.expectsFailure()) {
      return "error evaluating query: " + e.getMessage();
    }
    for (Expectation x : eval.expectations()) {
      if (x.kind() == Expectation.Kind.FAIL && !Annotations.matches(x, e.getMessage())) {
        return "expected error matching "
            + x.match()
            + " \""
            + x.text()
            + "\" but got: "
            + e.getMessage();
      }
    }
    return null;
  }

  static boolean has(EvalCommand eval, Expectation.Kind kind) {
    return eval.expectations().stream().anyMatch(x -> x.kind() == kind);
  }

  /** Used by {@link QueryFeatures}: the parsed query, or null if it does not parse. */
  static ParsedQuery parseOrNull(String query) {
    try {
      return PromQL.parse(query, ParserOptions.WITH_EXPERIMENTAL_FUNCTIONS);
    } catch (RuntimeException e) {
      return null;
    }
  }

  static Labels labelsOf(TreeMap<String, String> map) {
    return Labels.of(map);
  }
}
