package dev.vigil.model.trace;

import dev.vigil.model.Attributes;
import dev.vigil.model.TraceId;
import java.util.List;
import java.util.Objects;

/**
 * One span. Ids follow the model's conventions: {@link TraceId} is never the invalid all-zero id,
 * span ids are longs with 0 for "none" ({@code parentSpanId == 0} marks a root span).
 */
public record Span(
    TraceId traceId,
    long spanId,
    String traceState,
    long parentSpanId,
    int flags,
    String name,
    SpanKind kind,
    long startTimeUnixNano,
    long endTimeUnixNano,
    Attributes attributes,
    int droppedAttributesCount,
    List<SpanEvent> events,
    int droppedEventsCount,
    List<SpanLink> links,
    int droppedLinksCount,
    Status status) {

  public Span {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(traceState, "traceState");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(attributes, "attributes");
    events = List.copyOf(events);
    links = List.copyOf(links);
    Objects.requireNonNull(status, "status");
  }

  public long durationNanos() {
    return endTimeUnixNano - startTimeUnixNano;
  }

  public boolean isRoot() {
    return parentSpanId == 0;
  }
}
