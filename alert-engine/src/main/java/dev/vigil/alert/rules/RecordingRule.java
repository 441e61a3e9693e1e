package dev.vigil.alert.rules;

import dev.vigil.alert.QueryLanguage;
import java.util.Map;
import java.util.Objects;

/**
 * {@code record: name, expr: ..., labels: ...}: stores the expression's result as a new series in
 * the tsdb, whatever the expression's language, so later PromQL rules read it.
 */
public record RecordingRule(
    String record, String expr, Map<String, String> labels, QueryLanguage language)
    implements Rule {

  public RecordingRule {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(expr, "expr");
    Objects.requireNonNull(language, "language");
    labels = SortedMaps.copyOf(labels);
  }

  /** A PromQL recording rule. */
  public RecordingRule(String record, String expr, Map<String, String> labels) {
    this(record, expr, labels, QueryLanguage.PROMQL);
  }

  @Override
  public String name() {
    return record;
  }
}
