package dev.vigil.model.metric;

import dev.vigil.model.Attributes;
import java.util.Objects;

/** One metric with its data points. {@code metadata} is OTLP's {@code Metric.metadata}. */
public record Metric(
    String name, String description, String unit, Attributes metadata, MetricData data) {
  public Metric {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(data, "data");
  }
}
