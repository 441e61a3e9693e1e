package dev.vigil.model.metric;

/** OTLP {@code AggregationTemporality}, in wire order: {@code ordinal()} is the protobuf number. */
public enum Temporality {
  UNSPECIFIED,
  DELTA,
  CUMULATIVE;

  private static final Temporality[] BY_NUMBER = values();

  public static Temporality forNumber(int number) {
    return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : UNSPECIFIED;
  }
}
