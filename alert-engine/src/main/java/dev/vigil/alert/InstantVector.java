package dev.vigil.alert;

import dev.vigil.model.series.Labels;
import java.util.List;
import java.util.Objects;

/**
 * The result of an instant query: one sample per series, at the evaluation time. A scalar result is
 * a vector of one sample with empty labels, as Prometheus' rule manager treats it.
 */
public record InstantVector(List<Sample> samples) {

  public static final InstantVector EMPTY = new InstantVector(List.of());

  public InstantVector {
    samples = List.copyOf(samples);
  }

  /** One series of the result. */
  public record Sample(Labels labels, double value) {
    public Sample {
      Objects.requireNonNull(labels, "labels");
    }
  }
}
