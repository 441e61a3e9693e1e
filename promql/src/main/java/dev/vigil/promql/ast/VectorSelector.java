package dev.vigil.promql.ast;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An instant vector selector such as {@code http_requests_total{job="api"} offset 5m @ 100}.
 *
 * <p>{@code matchers} holds every matcher the selector applies, including the {@code __name__}
 * matcher implied by a metric name written outside the braces, so an evaluator needs only this
 * list. The list is kept in canonical order (sorted by printed form, as Prometheus prints it),
 * which makes selectors that differ only in matcher order equal.
 *
 * @param metricName the name written before the braces, or {@code ""} if there was none
 * @param matchers all matchers, canonical order
 * @param offset the offset modifier; negative looks into the future; {@link Duration#ZERO} if none
 * @param at the {@code @} modifier, or {@code null} if none
 */
public record VectorSelector(
    String metricName, List<LabelMatcher> matchers, Duration offset, AtModifier at)
    implements Expr {

  private static final Comparator<LabelMatcher> CANONICAL_ORDER =
      Comparator.comparing(LabelMatcher::toString);

  public VectorSelector {
    Objects.requireNonNull(metricName, "metricName");
    Objects.requireNonNull(offset, "offset");
    matchers = matchers.stream().sorted(CANONICAL_ORDER).toList();
  }

  /** A selector without modifiers. */
  public static VectorSelector of(String metricName, List<LabelMatcher> matchers) {
    return new VectorSelector(metricName, matchers, Duration.ZERO, null);
  }

  public VectorSelector withOffset(Duration newOffset) {
    return new VectorSelector(metricName, matchers, newOffset, at);
  }

  public VectorSelector withAt(AtModifier newAt) {
    return new VectorSelector(metricName, matchers, offset, newAt);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
