package dev.vigil.alert.load;

import java.util.Optional;
import java.util.Set;

/**
 * What an OpenSLO indicator measures, before an objective turns it into an error ratio: a ratio of
 * event counts (queries with {@code {{.window}}}) or a gauge judged sample by sample.
 */
sealed interface OpenSloIndicator {

  /** {@code ratioMetric}: {@code good} or {@code bad} over {@code total}. */
  record Ratio(Optional<String> good, Optional<String> bad, String total)
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
      return spec.map("thresholdMetric").flatMap(m -> query(m, v1alpha, false)).map(Threshold::new);
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
          .flatMap(m -> query(m, v1alpha, true))
          .flatMap(q -> rawType.map(t -> new RawRatio(q, t.equals("success"))));
    }
    if (r.has("good") == r.has("bad")) {
      r.problems().add(r.node(), r.path(), "needs exactly one of good or bad, and total");
      return Optional.empty();
    }
    Optional<String> good = r.map("good").flatMap(m -> query(m, v1alpha, true));
    Optional<String> bad = r.map("bad").flatMap(m -> query(m, v1alpha, true));
    Optional<String> total = r.requiredMap("total").flatMap(m -> query(m, v1alpha, true));
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
    return Optional.of(new Ratio(good, bad, total.get()));
  }

  /**
   * The PromQL of one metric: v1 keeps it in {@code metricSource.spec.query}, v1alpha in {@code
   * query}. The source type is not checked: Vigil is the source, whatever name the file gives it.
   */
  private static Optional<String> query(YamlMap metric, boolean v1alpha, boolean needsWindow) {
    if (v1alpha) {
      metric.allowOnly(Set.of("source", "queryType", "query", "metadata"));
      Optional<String> q = metric.requiredString("query");
      return q.filter(s -> WindowQueries.check(metric, "query", s, needsWindow));
    }
    metric.allowOnly(Set.of("metricSource"));
    Optional<YamlMap> source = metric.requiredMap("metricSource");
    Optional<YamlMap> spec = source.flatMap(s -> s.requiredMap("spec"));
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> q = spec.get().requiredString("query");
    return q.filter(s -> WindowQueries.check(spec.get(), "query", s, needsWindow));
  }
}
