package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import dev.vigil.promql.ast.GoQuote;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The few Go formatting and parsing conventions that show in PromQL results and messages: float
 * labels written by {@code count_values}, {@code le} values read by {@code histogram_quantile},
 * {@code %g} in warnings, and Prometheus' label set notation in errors.
 */
public final class GoFormat {
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final Pattern HEX =
      Pattern.compile(
          "[+-]?0[xX](?:[0-9a-fA-F]+(?:\\.[0-9a-fA-F]*)?|\\.[0-9a-fA-F]+)[pP][+-]?[0-9]+");

  private GoFormat() {}

  /** {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, never an exponent. */
  public static String formatFloat(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0" : "0";
    }
    // Result JSON formats every point with this, so no BigDecimal: Java's shortest digits are Go's
    // (both print the shortest string that reads back as v); only the notation differs, and Java
    // uses plain notation from 1e-3 to 1e7 already.
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = Double.toString(v);
    int e = s.indexOf('E');
    return e < 0 ? s : plain(s, e);
  }

  /**
   * Java's computerized notation {@code [-]d.dddE[-]n} (shortest digits) written out without an
   * exponent and without trailing zeros.
   */
  private static String plain(String s, int e) {
    boolean negative = s.charAt(0) == '-';
    int from = negative ? 1 : 0;
    StringBuilder digits = new StringBuilder(e);
    for (int i = from; i < e; i++) {
      char c = s.charAt(i);
      if (c != '.') {
        digits.append(c);
      }
    }
    int last = digits.length();
    while (last > 1 && digits.charAt(last - 1) == '0') {
      last--;
    }
    digits.setLength(last);
    int exponent = Integer.parseInt(s, e + 1, s.length(), 10);
    StringBuilder out = new StringBuilder(last + Math.abs(exponent) + 3);
    if (negative) {
      out.append('-');
    }
    if (exponent < 0) {
      out.append("0.");
      out.repeat('0', -exponent - 1);
      return out.append(digits).toString();
    }
    int point = exponent + 1; // digits before the decimal point
    if (point >= last) {
      return out.append(digits).repeat('0', point - last).toString();
    }
    return out.append(digits, 0, point).append('.').append(digits, point, last).toString();
  }

  /** {@code fmt.Sprintf("%g", v)}: shortest digits, exponent form below 1e-4 and from 1e6 on. */
  static String formatG(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0" : "0";
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    int exponent = d.precision() - d.scale() - 1;
    if (exponent >= -4 && exponent < 6) {
      return d.toPlainString();
    }
    String digits = d.unscaledValue().abs().toString();
    StringBuilder sb = new StringBuilder();
    if (d.signum() < 0) {
      sb.append('-');
    }
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(exponent < 0 ? '-' : '+');
    int abs = Math.abs(exponent);
    if (abs < 10) {
      sb.append('0');
    }
    return sb.append(abs).toString();
  }

  /**
   * {@code strconv.ParseFloat(s, 64)}: decimal and hexadecimal floats, {@code Inf}, {@code
   * Infinity} and {@code NaN} in any case with an optional sign.
   *
   * @throws NumberFormatException if Go would refuse {@code s}
   */
  static double parseFloat(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
    boolean negative = lower.startsWith("-");
    switch (unsigned) {
      case "inf", "infinity" -> {
        return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      case "nan" -> {
        return Double.NaN;
      }
      default -> {}
    }
    String plain = s.replace("_", "");
    if (!plain.equals(s) && !HEX.matcher(plain).matches()) {
      throw new NumberFormatException(s);
    }
    if (DECIMAL.matcher(plain).matches() || HEX.matcher(plain).matches()) {
      return Double.parseDouble(plain);
    }
    throw new NumberFormatException(s);
  }

  /** Prometheus' {@code labels.Labels.String()}: {@code {__name__="up", job="api"}}. */
  static String labels(Labels labels) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(labels.name(i)).append('=').append(GoQuote.quote(labels.value(i)));
    }
    return sb.append('}').toString();
  }
}
