package dev.vigil.server.loki;

import dev.vigil.model.Attributes;

/**
 * Parses a Loki push stream's labels as the protobuf form carries them, in Prometheus' text form
 * {@code {app="cart", env="prod"}}. Hand-written rather than the LogQL parser: a push label set
 * allows only {@code =} and must name what is wrong with the exact offset, since the sender is a
 * program whose author reads the 400.
 */
final class StreamLabelsText {
  private final String s;
  private int pos;

  private StreamLabelsText(String s) {
    this.s = s;
  }

  static Attributes parse(String text) throws LokiPushException {
    StreamLabelsText p = new StreamLabelsText(text);
    Attributes.Builder b = Attributes.builder();
    p.ws();
    p.expect('{');
    p.ws();
    if (p.peek() == '}') {
      throw p.fail("a stream needs at least one label");
    }
    while (true) {
      p.ws();
      String name = p.name();
      p.ws();
      p.expect('=');
      p.ws();
      b.put(name, p.quoted());
      p.ws();
      char c = p.next();
      if (c == '}') {
        break;
      }
      if (c != ',') {
        p.pos--;
        throw p.fail("expected ',' or '}'");
      }
    }
    p.ws();
    if (p.pos != text.length()) {
      throw p.fail("unexpected text after '}'");
    }
    return b.build();
  }

  private String name() throws LokiPushException {
    int start = pos;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      boolean ok =
          c == '_'
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (pos > start && c >= '0' && c <= '9');
      if (!ok) {
        break;
      }
      pos++;
    }
    if (pos == start) {
      throw fail("expected a label name ([a-zA-Z_][a-zA-Z0-9_]*)");
    }
    return s.substring(start, pos);
  }

  private String quoted() throws LokiPushException {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= s.length()) {
        throw fail("unterminated label value");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\') {
        if (pos >= s.length()) {
          throw fail("unterminated label value");
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"', '\\' -> sb.append(e);
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          default -> {
            pos -= 2;
            throw fail("unknown escape '\\" + e + "'");
          }
        }
      } else {
        sb.append(c);
      }
    }
  }

  private void ws() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private char peek() throws LokiPushException {
    if (pos >= s.length()) {
      throw fail("unexpected end");
    }
    return s.charAt(pos);
  }

  private char next() throws LokiPushException {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) throws LokiPushException {
    if (peek() != c) {
      throw fail("expected '" + c + "'");
    }
    pos++;
  }

  private LokiPushException fail(String what) {
    String shown = s.length() > 200 ? s.substring(0, 200) + "…" : s;
    return new LokiPushException(
        400, "stream labels '" + shown + "' at offset " + pos + ": " + what);
  }
}
