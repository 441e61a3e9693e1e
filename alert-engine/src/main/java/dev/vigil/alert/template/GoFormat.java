package dev.vigil.alert.template;

import dev.vigil.promql.ast.GoQuote;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Go's {@code fmt} as templates reach it: {@code print}, {@code println}, {@code printf} and the
 * printing of an action's value ({@code %v}). Floats are formatted from their exact binary value
 * with round-half-even, as Go's {@code strconv} does; Java's {@code Formatter} rounds the shortest
 * decimal half-up and would print {@code %.2f} of 2.675 as 2.68 where Go prints 2.67.
 */
final class GoFormat {
  /** Go's fmt refuses widths and precisions beyond a million. */
  private static final int MAX_WIDTH = 1_000_000;

  private GoFormat() {}

  /** Go's {@code fmt.Sprint}: spaces between operands when neither side is a string. */
  static String sprint(List<Object> args) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (i > 0 && !(a instanceof String) && !(args.get(i - 1) instanceof String)) {
        out.append(' ');
      }
      out.append(value(a));
    }
    return out.toString();
  }

  /** Go's {@code fmt.Sprintln}: always spaces, and a newline. */
  static String sprintln(List<Object> args) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(value(args.get(i)));
    }
    return out.append('\n').toString();
  }

  /** A value as {@code %v} prints it. */
  static String value(Object v) {
    return format(v, 'v', new Spec());
  }

  /** Go's {@code fmt.Sprintf}, with Go's in-band reports of missing, extra and mismatched args. */
  static String sprintf(String format, List<Object> args) {
    StringBuilder out = new StringBuilder();
    int arg = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i++);
      if (c != '%') {
        out.append(c);
        continue;
      }
      Spec spec = new Spec();
      for (; i < format.length(); i++) {
        char f = format.charAt(i);
        if (f == '-') {
          spec.minus = true;
        } else if (f == '+') {
          spec.plus = true;
        } else if (f == '#') {
          spec.sharp = true;
        } else if (f == ' ') {
          spec.space = true;
        } else if (f == '0') {
          spec.zero = !spec.minus;
        } else {
          break;
        }
      }
      // Widths and precisions past a million are refused as Go's fmt refuses them, never padded:
      // an alert template must not be able to ask for a gigabyte of spaces.
      if (i < format.length() && format.charAt(i) == '*') {
        i++;
        long w = arg < args.size() && args.get(arg) instanceof Long l ? l : Long.MIN_VALUE;
        arg++;
        if (w == Long.MIN_VALUE || Math.abs(w) > MAX_WIDTH) {
          out.append("%!(BADWIDTH)");
        } else {
          spec.width = (int) Math.abs(w);
          if (w < 0) {
            spec.minus = true; // a negative width from an argument pads on the right
            spec.zero = false;
          }
        }
      } else {
        int start = i;
        while (i < format.length() && Character.isDigit(format.charAt(i))) {
          i++;
        }
        spec.width = i > start ? number(format, start, i) : -1;
      }
      boolean tooLarge = spec.width == Integer.MAX_VALUE;
      if (!tooLarge && i < format.length() && format.charAt(i) == '.') {
        i++;
        if (i < format.length() && format.charAt(i) == '*') {
          i++;
          long p = arg < args.size() && args.get(arg) instanceof Long l ? l : Long.MIN_VALUE;
          arg++;
          if (p < 0 || p > MAX_WIDTH) {
            out.append("%!(BADPREC)");
          } else {
            spec.precision = (int) p;
          }
        } else {
          int start = i;
          while (i < format.length() && Character.isDigit(format.charAt(i))) {
            i++;
          }
          spec.precision = i > start ? number(format, start, i) : 0;
          tooLarge = spec.precision == Integer.MAX_VALUE;
        }
      }
      if (tooLarge) {
        // Go gives up on the rest of the format here.
        out.append("%!(NOVERB)");
        break;
      }
      if (i >= format.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      int verb = format.codePointAt(i);
      i += Character.charCount(verb);
      if (verb == '%') {
        out.append('%');
      } else if (arg >= args.size()) {
        out.append("%!").appendCodePoint(verb).append("(MISSING)");
      } else {
        out.append(format(args.get(arg++), verb, spec));
      }
    }
    if (arg < args.size()) {
      out.append("%!(EXTRA ");
      for (int a = arg; a < args.size(); a++) {
        Object v = args.get(a);
        out.append(a > arg ? ", " : "").append(GoValues.typeName(v)).append('=').append(value(v));
      }
      out.append(')');
    }
    return out.toString();
  }

  /**
   * The decimal number {@code format[start, end)}, or {@link Integer#MAX_VALUE} when too large. As
   * in Go, the limit applies before each digit is added, so literal widths up to ten times {@link
   * #MAX_WIDTH} pass (promtool pads {@code %2000000d}).
   */
  private static int number(String format, int start, int end) {
    long n = 0;
    for (int i = start; i < end; i++) {
      if (n > MAX_WIDTH) {
        return Integer.MAX_VALUE;
      }
      n = n * 10 + (format.charAt(i) - '0');
    }
    return (int) n;
  }

  /** One verb's flags, width and precision; -1 when not given. */
  static final class Spec {
    boolean minus;
    boolean plus;
    boolean sharp;
    boolean space;
    boolean zero;
    int width = -1;
    int precision = -1;
  }

  private static String format(Object v, int verb, Spec spec) {
    if (verb == 'T') {
      return pad(GoValues.typeName(v), spec);
    }
    if (verb == 'v' && v == null) {
      return pad("<nil>", spec);
    }
    return switch (v) {
      case String s -> string(s, verb, spec);
      case Boolean b -> verb == 'v' || verb == 't' ? pad(b.toString(), spec) : badVerb(v, verb);
      case Long l -> integer(l, verb, spec);
      case Double d -> floating(d, verb, spec);
      case Map<?, ?> m -> {
        StringBuilder out = new StringBuilder("map[");
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          out.append(first ? "" : " ")
              .append(format(e.getKey(), verb, spec))
              .append(':')
              .append(format(e.getValue(), verb, spec));
          first = false;
        }
        yield out.append(']').toString();
      }
      case List<?> list -> {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
          out.append(i > 0 ? " " : "").append(format(list.get(i), verb, spec));
        }
        yield out.append(']').toString();
      }
      case GoValues.Sample s ->
          "&{" + format(s.labels(), verb, spec) + " " + format(s.value(), verb, spec) + "}";
      case GoValues.AlertData a ->
          "{"
              + format(a.labels(), verb, spec)
              + " "
              + format(a.externalLabels(), verb, spec)
              + " "
              + format(a.externalUrl(), verb, spec)
              + " "
              + format(a.value(), verb, spec)
              + "}";
      case GoValues.Time t ->
          verb == 'v' || verb == 's' ? pad(t.toString(), spec) : badVerb(v, verb);
      case GoValues.Duration d ->
          verb == 'v' || verb == 's' ? pad(d.toString(), spec) : integer(d.nanos(), verb, spec);
      case null -> badVerb(null, verb);
      default -> pad(v.toString(), spec);
    };
  }

  private static String badVerb(Object v, int verb) {
    String s = new StringBuilder("%!").appendCodePoint(verb).append('(').toString();
    return v == null ? s + "<nil>)" : s + GoValues.typeName(v) + "=" + value(v) + ")";
  }

  private static String string(String s, int verb, Spec spec) {
    return switch (verb) {
      case 'v', 's' -> {
        if (spec.precision >= 0 && s.codePointCount(0, s.length()) > spec.precision) {
          s = s.substring(0, s.offsetByCodePoints(0, spec.precision));
        }
        yield pad(s, spec);
      }
      case 'q' -> pad(GoQuote.quote(s), spec);
      case 'x', 'X' -> {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
          out.append(String.format(verb == 'x' ? "%02x" : "%02X", b & 0xff));
        }
        yield pad(out.toString(), spec);
      }
      default -> badVerb(s, verb);
    };
  }

  private static String integer(long n, int verb, Spec spec) {
    String digits;
    String prefix = "";
    switch (verb) {
      case 'v', 'd' -> digits = Long.toString(Math.abs(n));
      case 'b' -> digits = Long.toBinaryString(Math.abs(n));
      case 'o', 'O' -> {
        digits = Long.toOctalString(Math.abs(n));
        prefix = verb == 'O' ? "0o" : spec.sharp ? "0" : "";
      }
      case 'x' -> {
        digits = Long.toHexString(Math.abs(n));
        prefix = spec.sharp ? "0x" : "";
      }
      case 'X' -> {
        digits = Long.toHexString(Math.abs(n)).toUpperCase(Locale.ROOT);
        prefix = spec.sharp ? "0X" : "";
      }
      case 'c' -> {
        return pad(new String(Character.toChars((int) n)), spec);
      }
      case 'q' -> {
        return pad(GoQuote.quoteRune((int) n), spec);
      }
      case 'U' -> {
        return pad(String.format("U+%04X", n), spec);
      }
      case 'e', 'E', 'f', 'F', 'g', 'G', 's', 't' -> {
        return badVerb(n, verb);
      }
      default -> {
        return badVerb(n, verb);
      }
    }
    if (n == Long.MIN_VALUE) {
      digits = digits.replace("-", "");
    }
    if (spec.precision >= 0) {
      digits = "0".repeat(Math.max(0, spec.precision - digits.length())) + digits;
      if (spec.precision == 0 && n == 0) {
        digits = "";
      }
    }
    String sign = n < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
    return signed(sign + prefix, digits, spec, spec.precision < 0);
  }

  private static String floating(double d, int verb, Spec spec) {
    String body;
    switch (verb) {
      case 'v', 'g', 'G' -> body = formatG(Math.abs(d), spec.precision, verb == 'G');
      case 'e', 'E' -> body = formatE(Math.abs(d), spec.precision < 0 ? 6 : spec.precision);
      case 'f', 'F' -> body = formatF(Math.abs(d), spec.precision < 0 ? 6 : spec.precision);
      case 'x', 'X' -> body = hexFloat(Math.abs(d), verb == 'X');
      default -> {
        return badVerb(d, verb);
      }
    }
    if (verb == 'E') {
      body = body.toUpperCase(Locale.ROOT);
    }
    boolean negative = Double.doubleToRawLongBits(d) < 0 && !Double.isNaN(d);
    if (Double.isNaN(d)) {
      String sign = spec.plus ? "+" : spec.space ? " " : "";
      return pad(sign + "NaN", spec);
    }
    if (Double.isInfinite(d)) {
      return pad((negative ? "-" : spec.plus || !spec.space ? "+" : " ") + "Inf", spec);
    }
    String sign = negative ? "-" : spec.plus ? "+" : spec.space ? " " : "";
    return signed(sign, body, spec, true);
  }

  /** Go's {@code %g}: shortest digits when {@code precision} is -1, else that many significant. */
  static String formatG(double abs, int precision, boolean upper) {
    if (Double.isNaN(abs) || Double.isInfinite(abs)) {
      return Double.isNaN(abs) ? "NaN" : "Inf";
    }
    BigDecimal bd;
    int eprec;
    if (precision < 0) {
      bd = new BigDecimal(Double.toString(abs));
      eprec = 6;
    } else {
      bd =
          new BigDecimal(abs)
              .round(new MathContext(Math.max(precision, 1), RoundingMode.HALF_EVEN));
      eprec = Math.max(precision, 1);
    }
    String digits = digits(bd);
    int dp = abs == 0 ? 1 : digits.length() - bd.stripTrailingZeros().scale();
    if (precision >= 0 && eprec > digits.length() && digits.length() >= dp) {
      eprec = digits.length();
    }
    int exp = dp - 1;
    if (exp < -4 || exp >= eprec) {
      String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
      return mantissa + (upper ? "E" : "e") + exponent(exp);
    }
    return plain(digits, dp);
  }

  private static String formatE(double abs, int precision) {
    if (Double.isNaN(abs) || Double.isInfinite(abs)) {
      return Double.isNaN(abs) ? "NaN" : "Inf";
    }
    BigDecimal bd =
        new BigDecimal(abs).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
    String digits = digits(bd);
    int exp = abs == 0 ? 0 : digits.length() - bd.stripTrailingZeros().scale() - 1;
    digits = digits + "0".repeat(Math.max(0, precision + 1 - digits.length()));
    String mantissa = precision > 0 ? digits.charAt(0) + "." + digits.substring(1) : digits;
    return mantissa + "e" + exponent(exp);
  }

  private static String formatF(double abs, int precision) {
    if (Double.isNaN(abs) || Double.isInfinite(abs)) {
      return Double.isNaN(abs) ? "NaN" : "Inf";
    }
    return new BigDecimal(abs).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** The significant digits of {@code bd} without trailing zeros ("0" for zero). */
  private static String digits(BigDecimal bd) {
    BigDecimal s = bd.stripTrailingZeros();
    return s.signum() == 0 ? "0" : s.unscaledValue().abs().toString();
  }

  private static String plain(String digits, int dp) {
    if (dp <= 0) {
      return "0." + "0".repeat(-dp) + digits;
    }
    if (dp >= digits.length()) {
      return digits + "0".repeat(dp - digits.length());
    }
    return digits.substring(0, dp) + "." + digits.substring(dp);
  }

  private static String exponent(int exp) {
    String e = Integer.toString(Math.abs(exp));
    return (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
  }

  private static String hexFloat(double abs, boolean upper) {
    String h = Double.toHexString(abs).replace(".0p", "p");
    int p = h.indexOf('p');
    int exp = Integer.parseInt(h.substring(p + 1));
    String s = h.substring(0, p) + "p" + exponent(exp);
    return upper ? s.toUpperCase(Locale.ROOT) : s;
  }

  /** Pads a number: zeros go between the sign and the digits. */
  private static String signed(String sign, String digits, Spec spec, boolean zeroAllowed) {
    int len = (sign + digits).codePointCount(0, sign.length() + digits.length());
    if (spec.width > len && spec.zero && !spec.minus && zeroAllowed) {
      return sign + "0".repeat(spec.width - len) + digits;
    }
    return pad(sign + digits, spec);
  }

  private static String pad(String s, Spec spec) {
    int len = s.codePointCount(0, s.length());
    if (spec.width <= len) {
      return s;
    }
    String fill = " ".repeat(spec.width - len);
    return spec.minus ? s + fill : fill + s;
  }
}
