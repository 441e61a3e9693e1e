package dev.vigil.tracestore.search;

import dev.vigil.tracestore.query.Field;

/** Names of the Lucene fields of a span document; the mapping is documented in FORMAT.md. */
final class SpanFields {
  static final String TRACE_ID = "tid";
  static final String SEGMENT = "seg";
  static final String START = "start";
  static final String DURATION = "duration";
  static final String NAME = "name";
  static final String SERVICE = "svc";
  static final String STATUS = "status";
  static final String STATUS_MESSAGE = "status_message";
  static final String KIND = "kind";
  static final String EVENT_NAME = "event_name";
  static final String OPERATION = "op";

  static final String SPAN_ATTR = "s.";
  static final String RESOURCE_ATTR = "r.";
  static final String EVENT_ATTR = "e.";
  static final String NUMERIC = "n.";
  static final char SEPARATOR = '\u0000';

  private SpanFields() {}

  /** The keyword fields holding the text values of {@code f}. */
  static String[] textFields(Field f) {
    return switch (f) {
      case Field.Intrinsic.NAME -> new String[] {NAME};
      case Field.Intrinsic.SERVICE -> new String[] {SERVICE};
      case Field.Intrinsic.STATUS_MESSAGE -> new String[] {STATUS_MESSAGE};
      case Field.Intrinsic.EVENT_NAME -> new String[] {EVENT_NAME};
      case Field.Attribute a ->
          switch (a.scope()) {
            case SPAN -> new String[] {SPAN_ATTR + a.key()};
            case RESOURCE -> new String[] {RESOURCE_ATTR + a.key()};
            case EVENT -> new String[] {EVENT_ATTR + a.key()};
            case ANY -> new String[] {SPAN_ATTR + a.key(), RESOURCE_ATTR + a.key()};
          };
      default -> throw new IllegalStateException("BUG: " + f + " has no text fields");
    };
  }

  /** Whether every span has a value for the text field (no presence marker needed). */
  static boolean alwaysPresent(String field) {
    return field.equals(NAME) || field.equals(SERVICE);
  }

  static String operation(String service, String kind, String name) {
    return service + SEPARATOR + kind + SEPARATOR + name;
  }
}
