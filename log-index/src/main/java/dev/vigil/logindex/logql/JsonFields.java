package dev.vigil.logindex.logql;

import java.util.Map;

/**
 * {@code | json}: a small JSON reader that flattens an object's fields into labels the way Loki
 * does ({@code {"a":{"b":1}}} gives {@code a_b="1"}); arrays are skipped, strings unescaped,
 * numbers and booleans kept as written, null gives "".
 */
public final class JsonFields {
  private final String s;
  private final boolean topLevel;
  private int pos;

  private JsonFields(String s, boolean topLevel) {
    this.s = s;
    this.topLevel = topLevel;
  }

  /**
   * The top-level scalar fields of a JSON object line, keys as written (not sanitized), nested
   * objects and arrays skipped; null when the line is not one JSON object. The index uses this to
   * extract configured body fields as attributes at ingest.
   */
  public static Map<String, String> topLevel(String line) {
    if (line.isEmpty() || line.charAt(0) != '{') {
      return null; // cheap reject of plain lines, which are most lines
    }
    JsonFields p = new JsonFields(line, true);
    Map<String, String> out = new java.util.LinkedHashMap<>();
    try {
      p.object("", out, java.util.Set.of());
      p.ws();
      return p.pos == line.length() ? out : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Puts the fields into {@code out}; returns null, or why the line is not a JSON object. */
  static String extract(String line, Map<String, String> out, java.util.Set<String> stream) {
    JsonFields p = new JsonFields(line, false);
    try {
      p.ws();
      p.object("", out, stream);
      p.ws();
      if (p.pos != line.length()) {
        return "unexpected data after the JSON object at offset " + p.pos;
      }
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private void object(String prefix, Map<String, String> out, java.util.Set<String> stream) {
    expect('{');
    ws();
    if (peek() == '}') {
      pos++;
      return;
    }
    while (true) {
      ws();
      String key = string();
      ws();
      expect(':');
      ws();
      String name = topLevel ? key : prefix + LabelNames.sanitize(key);
      char c = peek();
      if (c == '{' && topLevel) {
        skipValue();
      } else if (c == '{') {
        object(name + "_", out, stream);
      } else if (c == '[') {
        skipValue();
      } else {
        String v = scalar();
        out.put(stream.contains(name) ? name + "_extracted" : name, v);
      }
      ws();
      char sep = next();
      if (sep == '}') {
        return;
      }
      if (sep != ',') {
        throw fail("expected ',' or '}'");
      }
    }
  }

  private String scalar() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    int start = pos;
    while (pos < s.length() && ",}] \t\r\n".indexOf(s.charAt(pos)) < 0) {
      pos++;
    }
    String lit = s.substring(start, pos);
    if (lit.equals("null")) {
      return "";
    }
    if (lit.equals("true") || lit.equals("false") || isNumber(lit)) {
      return lit;
    }
    throw fail("invalid value '" + lit + "'");
  }

  private void skipValue() {
    char c = peek();
    if (c == '"') {
      string();
    } else if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      pos++;
      ws();
      if (peek() == close) {
        pos++;
        return;
      }
      while (true) {
        ws();
        if (c == '{') {
          string();
          ws();
          expect(':');
          ws();
        }
        skipValue();
        ws();
        char sep = next();
        if (sep == close) {
          return;
        }
        if (sep != ',') {
          throw fail("expected ',' or '" + close + "'");
        }
      }
    } else {
      scalar();
    }
  }

  private String string() {
    expect('"');
    StringBuilder sb = null;
    int start = pos;
    while (true) {
      if (pos >= s.length()) {
        throw fail("unterminated string");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return sb == null ? s.substring(start, pos - 1) : sb.toString();
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder(s.substring(start, pos - 1));
        }
        if (pos >= s.length()) {
          throw fail("unterminated string");
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw fail("bad unicode escape");
            }
            try {
              sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            } catch (NumberFormatException x) {
              throw fail("bad unicode escape");
            }
            pos += 4;
          }
          default -> throw fail("bad escape '\\" + e + "'");
        }
      } else if (sb != null) {
        sb.append(c);
      }
    }
  }

  private static boolean isNumber(String lit) {
    if (lit.isEmpty()) {
      return false;
    }
    try {
      Double.parseDouble(lit);
      return Character.isDigit(lit.charAt(lit.length() - 1));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void ws() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private char peek() {
    if (pos >= s.length()) {
      throw fail("unexpected end of input");
    }
    return s.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      pos--;
      throw fail("expected '" + c + "'");
    }
  }

  private IllegalArgumentException fail(String what) {
    return new IllegalArgumentException(what + " at offset " + pos);
  }
}
