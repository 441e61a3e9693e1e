package dev.vigil.model.trace;

/** OTLP {@code Span.SpanKind}, in wire order: {@code ordinal()} is the protobuf number. */
public enum SpanKind {
  UNSPECIFIED,
  INTERNAL,
  SERVER,
  CLIENT,
  PRODUCER,
  CONSUMER;

  private static final SpanKind[] BY_NUMBER = values();

  /** The kind for a protobuf enum number; unknown numbers map to {@link #UNSPECIFIED}. */
  public static SpanKind forNumber(int number) {
    return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : UNSPECIFIED;
  }
}
