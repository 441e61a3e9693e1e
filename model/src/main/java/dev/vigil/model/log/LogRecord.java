package dev.vigil.model.log;

import dev.vigil.model.Attributes;
import dev.vigil.model.TraceId;
import java.util.Objects;

/**
 * One log record. {@code body} is an OTLP {@code AnyValue} in the representation {@link Attributes}
 * documents (a {@code String} for the usual text line, {@code null} when absent). {@code traceId}
 * is null and {@code spanId} 0 when the record is not correlated to a span.
 */
public record LogRecord(
    long timeUnixNano,
    long observedTimeUnixNano,
    int severityNumber,
    String severityText,
    Object body,
    Attributes attributes,
    int droppedAttributesCount,
    int flags,
    TraceId traceId,
    long spanId,
    String eventName) {

  public LogRecord {
    Objects.requireNonNull(severityText, "severityText");
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(eventName, "eventName");
  }

  /**
   * The time to order and query by: the event time, or the observed time when the event time is
   * unknown.
   */
  public long effectiveTimeUnixNano() {
    return timeUnixNano != 0 ? timeUnixNano : observedTimeUnixNano;
  }
}
