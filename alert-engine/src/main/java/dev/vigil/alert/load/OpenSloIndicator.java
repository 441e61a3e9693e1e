package dev.vigil.alert.load;

import dev.vigil.alert.QueryLanguage;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an OpenSLO indicator measures, before an objective turns it into an error ratio: a ratio of
 * event counts (queries with {@code {{.window}}}) or a gauge judged sample by sample.
 */
sealed interface OpenSloIndicator {

  /**
   * {@code ratioMetric}: {@code good} or {@code bad} over {@code total}, all in one {@code
   * language}.
   */
  record Ratio(Optional<String> good, Optional<String> bad, String total, QueryLanguage language)
      implements OpenSloIndicator {}

  /** {@code ratioMetric.raw}: a query that already is a ratio of bad (or good) events. */
  record RawRatio(String query, boolean isGoodRatio) implements OpenSloIndicator {}

  /**
   * {@code thresholdMetric}: a gauge compared with the objective's {@code op} and {@code value}.
   */
  record Threshold(String query) implements OpenSloIndicator {}

  /** Reads a v1 SLI {@code spec} (or v1alpha's {@code indicator}) into an indicator. */
  static Optional<OpenSloIndicator> read(YamlMap spec, boolean v1alpha) {
    spec.allowOnly(Set.of("thresholdMetric", "ratioMetric", "ratioMetrics", "description"));
    String ratioKey = v1alpha ? "ratioMetrics" : "ratioMetric";
    if (spec.has("thresholdMetric") == spec.has(ratioKey)) {
      spec.problems()
          .add(spec.node(), spec.path(), "needs exactly one of thresholdMetric or " + ratioKey);
      return Optional.empty();
    }
    if (spec.has("thresholdMetric")) {
      return spec.map("thresholdMetric")
          .filter(m -> promqlOnly(m, v1alpha, "thresholdMetric"))
          .flatMap(m -> query(m, v1alpha, false))
          .map(Threshold::new);
    }
    return spec.map(ratioKey).flatMap(r -> ratio(r, v1alpha));
  }

  /** v1alpha objectives carry their own {@code ratioMetrics}. */
  static Optional<OpenSloIndicator> ratio(YamlMap r, boolean v1alpha) {
    r.allowOnly(Set.of("counter", "incremental", "good", "bad", "total", "raw", "rawType"));
    if (r.has("raw")) {
      Optional<String> rawType = r.requiredString("rawType");
      if (rawType.isPresent() && !Set.of("success", "failure").contains(rawType.get())) {
        r.problems()
            .add(
                r.nodeOr("rawType"),
                r.field("rawType"),
                "must be success or failure, got \"" + rawType.get() + "\"");
        return Optional.empty();
      }
      return r.map("raw")
          .filter(m -> promqlOnly(m, v1alpha, "raw"))
          .flatMap(m -> query(m, v1alpha, true))
          .flatMap(q -> rawType.map(t -> new RawRatio(q, t.equals("success"))));
    }
    if (r.has("good") == r.has("bad")) {
      r.problems().add(r.node(), r.path(), "needs exactly one of good or bad, and total");
      return Optional.empty();
    }
    String countKey = r.has("good") ? "good" : "bad";
    Optional<YamlMap> counted = r.map(countKey);
    Optional<YamlMap> totalMap = r.requiredMap("total");
    if (counted.isEmpty() || totalMap.isEmpty()) {
      return Optional.empty();
    }
    QueryLanguage language = language(counted.get(), v1alpha);
    if (language(totalMap.get(), v1alpha) != language) {
      r.problems()
          .add(
              r.nodeOr("total"),
              r.field("total"),
              "is "
                  + language(totalMap.get(), v1alpha).label()
                  + " while "
                  + countKey
                  + " is "
                  + language.label()
                  + ": both queries of a ratio must read the same store");
      return Optional.empty();
    }
    Optional<String> good = r.map("good").flatMap(m -> query(m, v1alpha, true, language));
    Optional<String> bad = r.map("bad").flatMap(m -> query(m, v1alpha, true, language));
    Optional<String> total = query(totalMap.get(), v1alpha, true, language);
    if (total.isEmpty() || (good.isEmpty() && bad.isEmpty())) {
      return Optional.empty();
    }
    if (total.get().strip().equals(good.or(() -> bad).get().strip())) {
      r.problems()
          .add(
              r.nodeOr("total"),
              r.field("total"),
              "is the same query as " + (good.isPresent() ? "good" : "bad"));
      return Optional.empty();
    }
    return Optional.of(new Ratio(good, bad, total.get(), language));
  }

  /**
   * Which store a metric reads: LogQL over the log index when v1's {@code metricSource.type} (or
   * v1alpha's {@code source}) is {@code Loki} or {@code LogQL}, or v1alpha's {@code queryType} is
   * {@code logql}; PromQL otherwise. Other source types are not checked: Vigil is the source,
   * whatever name the file gives it.
   */
  static QueryLanguage language(YamlMap metric, boolean v1alpha) {
    Set<String> logql = Set.of("loki", "logql");
    if (v1alpha) {
      return logql.contains(metric.string("source").orElse("").toLowerCase(Locale.ROOT))
              || metric.string("queryType").orElse("").equalsIgnoreCase("logql")
          ? QueryLanguage.LOGQL
          : QueryLanguage.PROMQL;
    }
    String type =
        metric
            .map("metricSource")
            .flatMap(s -> s.string("type"))
            .orElse("")
            .toLowerCase(Locale.ROOT);
    return logql.contains(type) ? QueryLanguage.LOGQL : QueryLanguage.PROMQL;
  }

  /** Gauges and raw ratios need PromQL: Vigil's LogQL has neither subqueries nor division. */
  private static boolean promqlOnly(YamlMap metric, boolean v1alpha, String what) {
    if (language(metric, v1alpha) == QueryLanguage.PROMQL) {
      return true;
    }
    metric
        .problems()
        .add(
            metric.node(),
            metric.path(),
            "a LogQL "
                + what
                + " is not supported: Vigil's LogQL has neither subqueries nor division; use a"
                + " ratioMetric with good (or bad) and total LogQL queries");
    return false;
  }

  private static Optional<String> query(YamlMap metric, boolean v1alpha, boolean needsWindow) {
    return query(metric, v1alpha, needsWindow, QueryLanguage.PROMQL);
  }

  /**
   * The query of one metric: v1 keeps it in {@code metricSource.spec.query}, v1alpha in {@code
   * query}.
   */
  private static Optional<String> query(
      YamlMap metric, boolean v1alpha, boolean needsWindow, QueryLanguage language) {
    if (v1alpha) {
      metric.allowOnly(Set.of("source", "queryType", "query", "metadata"));
      Optional<String> q = metric.requiredString("query");
      return q.filter(s -> WindowQueries.check(metric, "query", s, needsWindow, language));
    }
    metric.allowOnly(Set.of("metricSource"));
    Optional<YamlMap> source = metric.requiredMap("metricSource");
    Optional<YamlMap> spec = source.flatMap(s -> s.requiredMap("spec"));
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> q = spec.get().requiredString("query");
    return q.filter(s -> WindowQueries.check(spec.get(), "query", s, needsWindow, language));
  }
}
