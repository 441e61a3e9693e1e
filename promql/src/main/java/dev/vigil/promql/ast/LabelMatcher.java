package dev.vigil.promql.ast;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One label matcher of a selector, such as {@code job=~"api.*"}. Regular expressions are anchored
 * at both ends and let {@code .} match newlines, as in Prometheus.
 */
public record LabelMatcher(String name, MatchType type, String value) {

  /** The label that holds the metric name. */
  public static final String METRIC_NAME = "__name__";

  public LabelMatcher {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  /**
   * Compiles the anchored pattern of a regex matcher. Java's regex dialect stands in for Go's RE2
   * here; the two agree on the syntax PromQL queries use in practice.
   *
   * @throws java.util.regex.PatternSyntaxException if the value is not a valid regex
   */
  public Pattern compiledPattern() {
    return Pattern.compile("(?s:" + value + ")");
  }

  /** Whether a series without this label (an empty value) passes the matcher. */
  public boolean matchesEmpty() {
    return switch (type) {
      case EQUAL -> value.isEmpty();
      case NOT_EQUAL -> !value.isEmpty();
      case REGEX -> compiledPattern().matcher("").matches();
      case NOT_REGEX -> !compiledPattern().matcher("").matches();
    };
  }

  @Override
  public String toString() {
    return ExprPrinter.printLabelName(name) + type.symbol() + GoQuote.quote(value);
  }
}
