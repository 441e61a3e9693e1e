package dev.vigil.tsdb.otlp;

import java.math.BigDecimal;

/**
 * Formats {@code le} and {@code quantile} label values as Prometheus' OTLP translation does (Go's
 * {@code FormatFloat(v, 'f', -1, 64)}): the shortest decimal that reads back as the same double,
 * never in exponent form, {@code +Inf} for infinity. Equal bounds must give equal label values, or
 * one histogram would become two.
 */
final class LabelFloats {
  private LabelFloats() {}

  static String format(double v) {
    if (v == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    if (v == Double.NEGATIVE_INFINITY) {
      return "-Inf";
    }
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (v == 0) {
      return "0";
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
