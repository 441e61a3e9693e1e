package dev.vigil.alert.rules;

import dev.vigil.alert.QueryLanguage;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * {@code alert: name}: fires for each series of the expression's result once it has been there for
 * {@code forDuration}, and keeps firing {@code keepFiringFor} after it went away.
 *
 * @param labels added to each alert; values may use Go templates ({@code {{ $labels.x }}})
 * @param annotations informational text; values may use Go templates
 * @param language what {@code expr} is written in
 */
public record AlertingRule(
    String alert,
    String expr,
    Duration forDuration,
    Duration keepFiringFor,
    Map<String, String> labels,
    Map<String, String> annotations,
    QueryLanguage language)
    implements Rule {

  public AlertingRule {
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(expr, "expr");
    Objects.requireNonNull(forDuration, "forDuration");
    Objects.requireNonNull(keepFiringFor, "keepFiringFor");
    labels = SortedMaps.copyOf(labels);
    annotations = SortedMaps.copyOf(annotations);
    Objects.requireNonNull(language, "language");
  }

  /** A PromQL alerting rule. */
  public AlertingRule(
      String alert,
      String expr,
      Duration forDuration,
      Duration keepFiringFor,
      Map<String, String> labels,
      Map<String, String> annotations) {
    this(alert, expr, forDuration, keepFiringFor, labels, annotations, QueryLanguage.PROMQL);
  }

  @Override
  public String name() {
    return alert;
  }
}
