package dev.vigil.tracestore.query;

/** What a condition looks at: an intrinsic span field or an attribute. */
public sealed interface Field permits Field.Intrinsic, Field.Attribute {

  /** Fields every span has. {@code SERVICE} is the resource's service name with its default. */
  enum Intrinsic implements Field {
    NAME("name"),
    STATUS("status"),
    STATUS_MESSAGE("statusMessage"),
    KIND("kind"),
    DURATION("duration"),
    SERVICE("service"),
    EVENT_NAME("event:name");

    private final String traceQl;

    Intrinsic(String traceQl) {
      this.traceQl = traceQl;
    }

    public String traceQl() {
      return traceQl;
    }

    @Override
    public String toString() {
      return traceQl;
    }
  }

  /** Where an attribute is looked up. */
  enum AttrScope {
    SPAN("span."),
    RESOURCE("resource."),
    /** Span or resource: TraceQL's unscoped {@code .key}. */
    ANY("."),
    /** Any of the span's events. */
    EVENT("event.");

    private final String prefix;

    AttrScope(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  record Attribute(AttrScope scope, String key) implements Field {
    @Override
    public String toString() {
      return scope.prefix() + key;
    }
  }
}
