package dev.vigil.model.trace;

import dev.vigil.model.Attributes;
import java.util.Objects;

/** A time-stamped event on a span, such as an exception. */
public record SpanEvent(
    long timeUnixNano, String name, Attributes attributes, int droppedAttributesCount) {
  public SpanEvent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(attributes, "attributes");
  }
}
