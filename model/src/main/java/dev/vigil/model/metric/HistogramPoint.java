package dev.vigil.model.metric;

import dev.vigil.model.Attributes;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An explicit-bucket histogram data point: {@code bucketCounts[i]} counts values in {@code
 * (explicitBounds[i-1], explicitBounds[i]]}, the last one everything above the last bound. {@code
 * sum}, {@code min} and {@code max} are null when not sent. The arrays must not be modified.
 */
public record HistogramPoint(
    Attributes attributes,
    long startTimeUnixNano,
    long timeUnixNano,
    long count,
    Double sum,
    long[] bucketCounts,
    double[] explicitBounds,
    List<Exemplar> exemplars,
    int flags,
    Double min,
    Double max) {

  public HistogramPoint {
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(bucketCounts, "bucketCounts");
    Objects.requireNonNull(explicitBounds, "explicitBounds");
    exemplars = List.copyOf(exemplars);
  }

  public boolean noRecordedValue() {
    return (flags & NumberPoint.FLAG_NO_RECORDED_VALUE) != 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HistogramPoint p
        && attributes.equals(p.attributes)
        && startTimeUnixNano == p.startTimeUnixNano
        && timeUnixNano == p.timeUnixNano
        && count == p.count
        && Objects.equals(sum, p.sum)
        && Arrays.equals(bucketCounts, p.bucketCounts)
        && Arrays.equals(explicitBounds, p.explicitBounds)
        && exemplars.equals(p.exemplars)
        && flags == p.flags
        && Objects.equals(min, p.min)
        && Objects.equals(max, p.max);
  }

  @Override
  public int hashCode() {
    return Objects.hash(attributes, timeUnixNano, count, Arrays.hashCode(bucketCounts));
  }

  @Override
  public String toString() {
    return "HistogramPoint["
        + attributes
        + " t="
        + timeUnixNano
        + " count="
        + count
        + " sum="
        + sum
        + " bounds="
        + Arrays.toString(explicitBounds)
        + " counts="
        + Arrays.toString(bucketCounts)
        + "]";
  }
}
