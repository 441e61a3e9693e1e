package dev.vigil.alert.template;

import dev.vigil.promql.ast.GoQuote;
import java.util.Locale;

/** Go's literal syntax: interpreted and raw strings, char constants, int and float numbers. */
final class Literals {
  private Literals() {}

  static String unquote(Token t) {
    String s = t.text();
    if (t.kind() == Token.Kind.RAW_STRING) {
      return s.substring(1, s.length() - 1).replace("\r", "");
    }
    return GoQuote.unquote(s.substring(1, s.length() - 1), '"');
  }

  /** A Go number or char literal as Go's template gives it to a function: int or float64. */
  static Object number(Token t) {
    String s = t.text();
    if (t.kind() == Token.Kind.CHAR) {
      String body = GoQuote.unquote(s.substring(1, s.length() - 1), '\'');
      if (body.codePointCount(0, body.length()) != 1) {
        throw new IllegalArgumentException("malformed character constant: " + s);
      }
      return (long) body.codePointAt(0);
    }
    String n = s.replace("_", "");
    boolean negative = n.startsWith("-");
    String digits = n.startsWith("-") || n.startsWith("+") ? n.substring(1) : n;
    String lower = digits.toLowerCase(Locale.ROOT);
    try {
      if (lower.startsWith("0x") && !lower.contains("p")) {
        return sign(Long.parseLong(lower.substring(2), 16), negative);
      }
      if (lower.startsWith("0b")) {
        return sign(Long.parseLong(lower.substring(2), 2), negative);
      }
      if (lower.startsWith("0o")) {
        return sign(Long.parseLong(lower.substring(2), 8), negative);
      }
      if (lower.startsWith("0x")) {
        return Double.parseDouble(n);
      }
      if (lower.contains(".") || lower.contains("e")) {
        return Double.parseDouble(n);
      }
      if (lower.length() > 1 && lower.startsWith("0")) {
        return sign(Long.parseLong(lower.substring(1), 8), negative);
      }
      return sign(Long.parseLong(digits), negative);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number syntax: \"" + s + "\"");
    }
  }

  private static long sign(long v, boolean negative) {
    return negative ? -v : v;
  }
}
