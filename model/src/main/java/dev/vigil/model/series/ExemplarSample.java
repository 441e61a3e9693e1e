package dev.vigil.model.series;

import java.util.Objects;

/**
 * One exemplar of a series, as Prometheus keeps them: a few labels naming where the value came from
 * (usually {@code trace_id} and {@code span_id}), the observed value, and its time in milliseconds.
 *
 * <p>The labels are limited to {@value #MAX_LABEL_CHARS} characters of names and values together,
 * the OpenMetrics limit Prometheus enforces, so that an exemplar stays a pointer and never becomes
 * a second series.
 */
public record ExemplarSample(Labels labels, double value, long timestamp) {
  /** OpenMetrics' limit on an exemplar's label names and values, in characters. */
  public static final int MAX_LABEL_CHARS = 128;

  /**
   * @throws IllegalArgumentException when the labels are longer than {@value #MAX_LABEL_CHARS}
   *     characters together
   */
  public ExemplarSample {
    Objects.requireNonNull(labels, "labels");
    int chars = 0;
    for (int i = 0; i < labels.size(); i++) {
      chars += labels.name(i).codePointCount(0, labels.name(i).length());
      chars += labels.value(i).codePointCount(0, labels.value(i).length());
    }
    if (chars > MAX_LABEL_CHARS) {
      throw new IllegalArgumentException(
          "exemplar labels "
              + labels
              + " are "
              + chars
              + " characters long; at most "
              + MAX_LABEL_CHARS
              + " are allowed");
    }
  }

  /**
   * Whether {@code other} repeats this exemplar exactly (bit-equal value), which stores drop
   * silently: an exporter sends its last exemplar again with every cumulative point.
   */
  public boolean sameAs(ExemplarSample other) {
    return timestamp == other.timestamp
        && Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(other.value)
        && labels.equals(other.labels);
  }
}
