package dev.vigil.tracestore.query;

import dev.vigil.tracestore.InvalidQueryException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits TraceQL text into tokens. Names run over letters, digits and {@code _ . : - /} so that
 * {@code resource.service.name} and {@code event:name} are one token; {@code span."a key"} quotes a
 * key with other characters.
 */
final class TraceQlLexer {
  private final String src;
  private int pos;

  private TraceQlLexer(String src) {
    this.src = src;
  }

  static List<Token> tokens(String src) {
    TraceQlLexer l = new TraceQlLexer(src);
    List<Token> out = new ArrayList<>();
    Token t;
    do {
      t = l.next();
      out.add(t);
    } while (t.type() != Token.Type.EOF);
    return out;
  }

  private Token next() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
    int start = pos;
    if (pos >= src.length()) {
      return new Token(Token.Type.EOF, "", pos + 1);
    }
    char c = src.charAt(pos);
    switch (c) {
      case '{':
        pos++;
        return new Token(Token.Type.LBRACE, "{", start + 1);
      case '}':
        pos++;
        return new Token(Token.Type.RBRACE, "}", start + 1);
      case '(':
        pos++;
        return new Token(Token.Type.LPAREN, "(", start + 1);
      case ')':
        pos++;
        return new Token(Token.Type.RPAREN, ")", start + 1);
      case '"':
        return new Token(Token.Type.STRING, string(), start + 1);
      default:
        break;
    }
    if (src.startsWith("&&", pos)) {
      pos += 2;
      return new Token(Token.Type.AND, "&&", start + 1);
    }
    if (src.startsWith("||", pos)) {
      pos += 2;
      return new Token(Token.Type.OR, "||", start + 1);
    }
    for (String op : new String[] {"!=", ">=", "<=", "=~", "!~", "=", ">", "<"}) {
      if (src.startsWith(op, pos)) {
        pos += op.length();
        return new Token(Token.Type.OP, op, start + 1);
      }
    }
    if (isDigit(c) || (c == '-' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
      return number();
    }
    if (Character.isLetter(c) || c == '_' || c == '.') {
      return ident();
    }
    throw new InvalidQueryException(
        "column " + (start + 1) + ": unexpected character '" + c + "'", start + 1);
  }

  private Token ident() {
    int start = pos;
    StringBuilder sb = new StringBuilder();
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isLetterOrDigit(c) || "_.:-/".indexOf(c) >= 0) {
        sb.append(c);
        pos++;
      } else if (c == '"' && sb.length() > 0 && sb.charAt(sb.length() - 1) == '.') {
        sb.append(string()); // span."key with spaces"
      } else {
        break;
      }
    }
    return new Token(Token.Type.IDENT, sb.toString(), start + 1);
  }

  private Token number() {
    int start = pos;
    if (src.charAt(pos) == '-') {
      pos++;
    }
    while (pos < src.length() && (isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
      pos++;
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < src.length() && (src.charAt(pos) == '-' || src.charAt(pos) == '+')) {
        pos++;
      }
      if (pos < src.length() && isDigit(src.charAt(pos))) {
        while (pos < src.length() && isDigit(src.charAt(pos))) {
          pos++;
        }
      } else {
        pos = save;
      }
    }
    int unitStart = pos;
    while (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == 'µ')) {
      pos++;
    }
    String text = src.substring(start, pos);
    return new Token(unitStart == pos ? Token.Type.NUMBER : Token.Type.DURATION, text, start + 1);
  }

  /** Reads a double-quoted string with \" \\ \n \t escapes; returns its value. */
  private String string() {
    int start = pos;
    pos++;
    StringBuilder sb = new StringBuilder();
    while (pos < src.length()) {
      char c = src.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\') {
        if (pos >= src.length()) {
          break;
        }
        char e = src.charAt(pos++);
        switch (e) {
          case '"', '\\' -> sb.append(e);
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          default ->
              throw new InvalidQueryException(
                  "column " + (pos - 1) + ": unknown escape '\\" + e + "'; use \\\" \\\\ \\n \\t",
                  pos - 1);
        }
      } else {
        sb.append(c);
      }
    }
    throw new InvalidQueryException(
        "column " + (start + 1) + ": string is not closed with '\"'", start + 1);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
