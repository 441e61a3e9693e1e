package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import java.util.Objects;

/**
 * One element of an instant vector.
 *
 * @param labels the series' labels
 * @param timestamp the evaluation time, milliseconds since the epoch
 * @param value the value
 */
public record Sample(Labels labels, long timestamp, double value) {
  public Sample {
    Objects.requireNonNull(labels, "labels");
  }

  @Override
  public String toString() {
    return labels + " => " + value + " @" + timestamp;
  }
}
