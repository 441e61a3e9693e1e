package dev.vigil.logindex.logql;

import dev.vigil.logindex.logql.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query into tokens. Strings are double-quoted (Go escapes: {@code \" \\ \n \t \r
 * &#92;uXXXX}) or back-quoted (raw); a number directly followed by a unit ({@code 5m}, {@code
 * 1h30m}, {@code 250ms}) is a duration.
 */
final class Lexer {
  private final String q;
  private int pos;

  private Lexer(String query) {
    this.q = query;
  }

  static List<Token> tokens(String query) throws LogQLParseException {
    Lexer l = new Lexer(query);
    List<Token> out = new ArrayList<>();
    Token t;
    do {
      t = l.next();
      out.add(t);
    } while (t.kind() != Kind.EOF);
    return out;
  }

  private Token next() throws LogQLParseException {
    while (pos < q.length() && Character.isWhitespace(q.charAt(pos))) {
      pos++;
    }
    if (pos < q.length() && q.charAt(pos) == '#') { // a comment runs to the end of the line
      while (pos < q.length() && q.charAt(pos) != '\n') {
        pos++;
      }
      return next();
    }
    int start = pos;
    if (pos >= q.length()) {
      return new Token(Kind.EOF, "", start);
    }
    char c = q.charAt(pos);
    char n = pos + 1 < q.length() ? q.charAt(pos + 1) : '\0';
    switch (c) {
      case '{':
        return single(Kind.LBRACE);
      case '}':
        return single(Kind.RBRACE);
      case '(':
        return single(Kind.LPAREN);
      case ')':
        return single(Kind.RPAREN);
      case '[':
        return single(Kind.LBRACKET);
      case ']':
        return single(Kind.RBRACKET);
      case ',':
        return single(Kind.COMMA);
      case '=':
        return n == '~' ? pair(Kind.RE) : n == '=' ? pair(Kind.EQEQ) : single(Kind.EQ);
      case '!':
        if (n == '=') {
          return pair(Kind.NEQ);
        }
        if (n == '~') {
          return pair(Kind.NRE);
        }
        throw new LogQLParseException(q, pos, "unexpected character '!'; expected '!=' or '!~'");
      case '|':
        return n == '='
            ? pair(Kind.PIPE_EXACT)
            : n == '~' ? pair(Kind.PIPE_MATCH) : single(Kind.PIPE);
      case '>':
        return n == '=' ? pair(Kind.GTE) : single(Kind.GT);
      case '<':
        return n == '=' ? pair(Kind.LTE) : single(Kind.LT);
      case '"':
        return quoted();
      case '`':
        return raw();
      default:
        break;
    }
    if (isDigit(c) || (c == '.' && isDigit(n)) || (c == '-' && (isDigit(n) || n == '.'))) {
      return number();
    }
    if (isIdentStart(c)) {
      pos++;
      while (pos < q.length() && isIdentPart(q.charAt(pos))) {
        pos++;
      }
      return new Token(Kind.IDENT, q.substring(start, pos), start);
    }
    throw new LogQLParseException(q, pos, "unexpected character '" + c + "'");
  }

  private Token single(Kind k) {
    pos++;
    return new Token(k, q.substring(pos - 1, pos), pos - 1);
  }

  private Token pair(Kind k) {
    pos += 2;
    return new Token(k, q.substring(pos - 2, pos), pos - 2);
  }

  private Token number() throws LogQLParseException {
    int start = pos;
    if (q.charAt(pos) == '-') {
      pos++;
    }
    while (pos < q.length() && (isDigit(q.charAt(pos)) || q.charAt(pos) == '.')) {
      pos++;
    }
    if (pos < q.length()
        && (q.charAt(pos) == 'e' || q.charAt(pos) == 'E')
        && pos + 1 < q.length()
        && (isDigit(q.charAt(pos + 1)) || q.charAt(pos + 1) == '-' || q.charAt(pos + 1) == '+')) {
      pos += 2;
      while (pos < q.length() && isDigit(q.charAt(pos))) {
        pos++;
      }
    }
    if (pos < q.length() && Character.isLetter(q.charAt(pos))) {
      while (pos < q.length()
          && (Character.isLetterOrDigit(q.charAt(pos))
              || q.charAt(pos) == 'µ'
              || q.charAt(pos) == '.')) {
        pos++;
      }
      String text = q.substring(start, pos);
      if (Durations.parseNanos(text) < 0) {
        throw new LogQLParseException(
            q,
            start,
            "invalid duration '"
                + text
                + "'; expected a number followed by ns, us, ms, s, m, h, d, w or y (e.g. 5m, 1h30m)");
      }
      return new Token(Kind.DURATION, text, start);
    }
    String text = q.substring(start, pos);
    try {
      Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new LogQLParseException(q, start, "invalid number '" + text + "'");
    }
    return new Token(Kind.NUMBER, text, start);
  }

  private Token quoted() throws LogQLParseException {
    int start = pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= q.length()) {
        throw new LogQLParseException(q, start, "unterminated string; expected a closing '\"'");
      }
      char c = q.charAt(pos++);
      if (c == '"') {
        return new Token(Kind.STRING, sb.toString(), start);
      }
      if (c == '\n') {
        throw new LogQLParseException(
            q,
            start,
            "unterminated string: a line break inside \"...\" (use \\n or a `raw` string)");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= q.length()) {
        throw new LogQLParseException(q, start, "unterminated string; expected a closing '\"'");
      }
      char e = q.charAt(pos++);
      switch (e) {
        case '"' -> sb.append('"');
        case '\\' -> sb.append('\\');
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case '\'' -> sb.append('\'');
        case 'u' -> {
          if (pos + 4 > q.length()) {
            throw new LogQLParseException(q, pos - 2, "invalid escape \\u: expected 4 hex digits");
          }
          try {
            sb.append((char) Integer.parseInt(q.substring(pos, pos + 4), 16));
          } catch (NumberFormatException x) {
            throw new LogQLParseException(
                q,
                pos - 2,
                "invalid escape \\u" + q.substring(pos, pos + 4) + ": expected 4 hex digits");
          }
          pos += 4;
        }
        default ->
            throw new LogQLParseException(
                q,
                pos - 2,
                "invalid escape sequence '\\"
                    + e
                    + "' in a string; valid are \\\" \\\\ \\n \\t \\r \\uXXXX (regular expressions need"
                    + " \\\\, or a `raw` string)");
      }
    }
  }

  private Token raw() throws LogQLParseException {
    int start = pos++;
    int end = q.indexOf('`', pos);
    if (end < 0) {
      throw new LogQLParseException(q, start, "unterminated raw string; expected a closing '`'");
    }
    pos = end + 1;
    return new Token(Kind.STRING, q.substring(start + 1, end), start);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c);
  }
}
