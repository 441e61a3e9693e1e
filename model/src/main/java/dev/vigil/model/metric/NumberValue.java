package dev.vigil.model.metric;

/**
 * OTLP's {@code oneof value { double as_double; sfixed64 as_int; }}: {@code integer} tells which of
 * the two was sent, so integers beyond 2^53 survive.
 */
public record NumberValue(boolean integer, long asLong, double asDouble) {

  public static NumberValue ofLong(long v) {
    return new NumberValue(true, v, 0);
  }

  public static NumberValue ofDouble(double v) {
    return new NumberValue(false, 0, v);
  }

  /** The value as a double (integers converted, possibly rounded). */
  public double toDouble() {
    return integer ? asLong : asDouble;
  }

  @Override
  public String toString() {
    return integer ? Long.toString(asLong) : Double.toString(asDouble);
  }
}
