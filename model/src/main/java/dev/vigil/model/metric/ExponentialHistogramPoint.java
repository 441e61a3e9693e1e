package dev.vigil.model.metric;

import dev.vigil.model.Attributes;
import java.util.List;
import java.util.Objects;

/**
 * An exponential (base-2, scaled) histogram data point; {@code sum}, {@code min}, {@code max} null
 * when not sent.
 */
public record ExponentialHistogramPoint(
    Attributes attributes,
    long startTimeUnixNano,
    long timeUnixNano,
    long count,
    Double sum,
    int scale,
    long zeroCount,
    ExponentialBuckets positive,
    ExponentialBuckets negative,
    int flags,
    List<Exemplar> exemplars,
    Double min,
    Double max,
    double zeroThreshold) {

  public ExponentialHistogramPoint {
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(positive, "positive");
    Objects.requireNonNull(negative, "negative");
    exemplars = List.copyOf(exemplars);
  }

  public boolean noRecordedValue() {
    return (flags & NumberPoint.FLAG_NO_RECORDED_VALUE) != 0;
  }
}
