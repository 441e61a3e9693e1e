package dev.vigil.model.trace;

/** OTLP {@code Status.StatusCode}, in wire order: {@code ordinal()} is the protobuf number. */
public enum StatusCode {
  UNSET,
  OK,
  ERROR;

  private static final StatusCode[] BY_NUMBER = values();

  /** The code for a protobuf enum number; unknown numbers map to {@link #UNSET}. */
  public static StatusCode forNumber(int number) {
    return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : UNSET;
  }
}
