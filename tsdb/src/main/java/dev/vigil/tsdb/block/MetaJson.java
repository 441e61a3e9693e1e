package dev.vigil.tsdb.block;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of JSON {@code meta.json} uses: objects, arrays, strings without escapes other than
 * {@code \"} and {@code \\}, and integers. Kept here so the storage engine has no dependency;
 * anything else is refused as corrupt by the caller.
 */
final class MetaJson {
  private final String s;
  private int pos;

  private MetaJson(String s) {
    this.s = s;
  }

  static Object parse(String s) {
    MetaJson p = new MetaJson(s);
    Object v = p.value();
    p.space();
    if (p.pos != s.length()) {
      throw new IllegalArgumentException("trailing characters at " + p.pos);
    }
    return v;
  }

  static String quote(String v) {
    return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private Object value() {
    space();
    if (pos >= s.length()) {
      throw new IllegalArgumentException("unexpected end");
    }
    char c = s.charAt(pos);
    if (c == '{') {
      pos++;
      Map<String, Object> m = new LinkedHashMap<>();
      space();
      if (peek('}')) {
        return m;
      }
      do {
        space();
        String k = string();
        space();
        expect(':');
        m.put(k, value());
        space();
      } while (accept(','));
      expect('}');
      return m;
    }
    if (c == '[') {
      pos++;
      List<Object> l = new ArrayList<>();
      space();
      if (peek(']')) {
        return l;
      }
      do {
        l.add(value());
        space();
      } while (accept(','));
      expect(']');
      return l;
    }
    if (c == '"') {
      return string();
    }
    int start = pos;
    if (c == '-') {
      pos++;
    }
    while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
      pos++;
    }
    if (start == pos) {
      throw new IllegalArgumentException("unexpected '" + c + "' at " + pos);
    }
    return Long.parseLong(s.substring(start, pos));
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= s.length()) {
        throw new IllegalArgumentException("unterminated string");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        if (pos >= s.length()) {
          throw new IllegalArgumentException("unterminated escape");
        }
        char e = s.charAt(pos++);
        if (e != '"' && e != '\\') {
          throw new IllegalArgumentException("unsupported escape \\" + e);
        }
        c = e;
      }
      b.append(c);
    }
  }

  private void space() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private boolean peek(char c) {
    if (pos < s.length() && s.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean accept(char c) {
    return peek(c);
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw new IllegalArgumentException("expected '" + c + "' at " + pos);
    }
  }
}
