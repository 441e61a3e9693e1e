package dev.vigil.model.metric;

import dev.vigil.model.Attributes;
import dev.vigil.model.TraceId;
import java.util.Objects;

/**
 * A sample measurement attached to a data point, usually with the trace that produced it ({@code
 * traceId} null and {@code spanId} 0 when absent).
 */
public record Exemplar(
    Attributes filteredAttributes,
    long timeUnixNano,
    NumberValue value,
    long spanId,
    TraceId traceId) {
  public Exemplar {
    Objects.requireNonNull(filteredAttributes, "filteredAttributes");
    Objects.requireNonNull(value, "value");
  }
}
