package dev.vigil.alert.rules;

import java.util.Map;
import java.util.Objects;

/** {@code record: name, expr: ..., labels: ...}: stores the expression's result as a new series. */
public record RecordingRule(String record, String expr, Map<String, String> labels)
    implements Rule {

  public RecordingRule {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(expr, "expr");
    labels = SortedMaps.copyOf(labels);
  }

  @Override
  public String name() {
    return record;
  }
}
