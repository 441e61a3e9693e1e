package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import java.util.Arrays;
import java.util.Objects;

/**
 * One series of a range vector or of a range query's result: labels and points in ascending time.
 * Immutable; the arrays are copies.
 */
public final class RangeSeries {
  private final Labels labels;
  private final long[] timestamps;
  private final double[] values;

  public RangeSeries(Labels labels, long[] timestamps, double[] values) {
    if (timestamps.length != values.length) {
      throw new IllegalArgumentException("timestamps and values differ in length");
    }
    this.labels = Objects.requireNonNull(labels, "labels");
    this.timestamps = timestamps.clone();
    this.values = values.clone();
  }

  public Labels labels() {
    return labels;
  }

  public int size() {
    return timestamps.length;
  }

  /** Milliseconds since the epoch of point {@code i}. */
  public long timestamp(int i) {
    return timestamps[i];
  }

  public double value(int i) {
    return values[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RangeSeries r
        && labels.equals(r.labels)
        && Arrays.equals(timestamps, r.timestamps)
        && Arrays.equals(values, r.values);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + Arrays.hashCode(timestamps);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(labels.toString()).append(" =>");
    for (int i = 0; i < timestamps.length; i++) {
      sb.append(' ').append(values[i]).append(" @").append(timestamps[i]);
    }
    return sb.toString();
  }
}
