package dev.vigil.promql;

import java.math.BigInteger;
import java.util.Locale;

/**
 * Converts number tokens to values the way Prometheus does: Go's integer syntax first (so {@code
 * 0x1F} is hex and {@code 010} is octal 8), then a float; {@code Inf} and {@code NaN} in any case;
 * {@code _} digit separators.
 */
final class NumberSyntax {

  private NumberSyntax() {}

  static double parse(Token t, String input) {
    String text = t.text().replace("_", "");
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("inf")) {
      return Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    try {
      if (lower.startsWith("0x")) {
        return new BigInteger(text.substring(2), 16).doubleValue();
      }
      if (text.length() > 1
          && text.charAt(0) == '0'
          && text.chars().allMatch(c -> c >= '0' && c <= '7')) {
        return new BigInteger(text.substring(1), 8).doubleValue();
      }
      double value = Double.parseDouble(text);
      if (Double.isInfinite(value)) {
        throw new ParseException(
            input,
            t.range(),
            "error parsing number: strconv.ParseFloat: parsing "
                + dev.vigil.promql.ast.GoQuote.quote(t.text())
                + ": value out of range");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ParseException(input, t.range(), "error parsing number: " + e.getMessage());
    }
  }
}
