package dev.vigil.model.metric;

import dev.vigil.model.Attributes;
import java.util.List;
import java.util.Objects;

/** A summary data point: count, sum and pre-computed quantiles. */
public record SummaryPoint(
    Attributes attributes,
    long startTimeUnixNano,
    long timeUnixNano,
    long count,
    double sum,
    List<Quantile> quantiles,
    int flags) {

  /** One pre-computed quantile: {@code quantile} in [0, 1]. */
  public record Quantile(double quantile, double value) {}

  public SummaryPoint {
    Objects.requireNonNull(attributes, "attributes");
    quantiles = List.copyOf(quantiles);
  }

  public boolean noRecordedValue() {
    return (flags & NumberPoint.FLAG_NO_RECORDED_VALUE) != 0;
  }
}
