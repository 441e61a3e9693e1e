package dev.vigil.model.trace;

import dev.vigil.model.Attributes;
import dev.vigil.model.TraceId;
import java.util.Objects;

/** A link from a span to another span, possibly of another trace. */
public record SpanLink(
    TraceId traceId,
    long spanId,
    String traceState,
    Attributes attributes,
    int droppedAttributesCount,
    int flags) {
  public SpanLink {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(traceState, "traceState");
    Objects.requireNonNull(attributes, "attributes");
  }
}
