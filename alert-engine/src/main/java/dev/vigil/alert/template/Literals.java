package dev.vigil.alert.template;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Go's literal syntax: interpreted and raw strings, char constants, int and float numbers. */
final class Literals {
  private Literals() {}

  static String unquote(Token t) {
    String s = t.text();
    if (t.kind() == Token.Kind.RAW_STRING) {
      return s.substring(1, s.length() - 1).replace("\r", "");
    }
    return unescape(s.substring(1, s.length() - 1), '"');
  }

  /** A Go number or char literal as Go's template gives it to a function: int or float64. */
  static Object number(Token t) {
    String s = t.text();
    if (t.kind() == Token.Kind.CHAR) {
      String body = unescape(s.substring(1, s.length() - 1), '\'');
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

  private static String unescape(String s, char quote) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c != '\\') {
        int cp = Character.isHighSurrogate(c) && i < s.length() ? s.codePointAt(i - 1) : c;
        if (cp > 0xFFFF) {
          i++;
        }
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i >= s.length()) {
        throw new IllegalArgumentException("invalid syntax in " + quote + s + quote);
      }
      char e = s.charAt(i++);
      switch (e) {
        case 'a' -> out.write(7);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(11);
        case '\\' -> out.write('\\');
        case '\'', '"' -> {
          if (e != quote) {
            throw new IllegalArgumentException(
                "invalid escape \\" + e + " in " + quote + s + quote);
          }
          out.write(e);
        }
        case 'x' -> {
          out.write(hex(s, i, 2));
          i += 2;
        }
        case 'u', 'U' -> {
          int n = e == 'u' ? 4 : 8;
          int cp = hex(s, i, n);
          i += n;
          out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        }
        default -> {
          if (e >= '0' && e <= '7' && i + 1 < s.length()) {
            out.write(Integer.parseInt(s.substring(i - 1, i + 2), 8));
            i += 2;
          } else {
            throw new IllegalArgumentException(
                "invalid escape \\" + e + " in " + quote + s + quote);
          }
        }
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(String s, int from, int n) {
    if (from + n > s.length()) {
      throw new IllegalArgumentException("short escape in \"" + s + "\"");
    }
    try {
      return Integer.parseInt(s.substring(from, from + n), 16);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad escape in \"" + s + "\"");
    }
  }
}
