package dev.vigil.alert.slo;

import java.math.BigDecimal;

/** Number formatting shared by the generated rules. */
final class SloNumbers {
  private SloNumbers() {}

  /**
   * The shortest text that reads back as the same double, without exponent: {@code 99.9}, {@code
   * 95}, {@code 0.0009999999999999432}, as Go's {@code strconv.FormatFloat(f, 'f', -1, 64)} gives
   * it, so that Sloth's labels such as {@code sloth_objective} match byte for byte.
   */
  static String format(double value) {
    if (value == 0) {
      return "0";
    }
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }
}
