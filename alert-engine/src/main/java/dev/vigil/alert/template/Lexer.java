package dev.vigil.alert.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cuts a template into {@link Token}s as Go's {@code text/template} lexer does: text between
 * actions (with the {@code {{- } and {@code -}}} trim markers applied), comments dropped, and
 * inside actions the words of the pipeline language.
 */
final class Lexer {
  private static final Set<String> KEYWORDS =
      Set.of(
          "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue");

  private final String text;
  private final List<Token> out = new ArrayList<>();
  private int pos;
  private int line = 1;
  private int parenDepth;

  private Lexer(String text) {
    this.text = text;
  }

  static List<Token> lex(String text) throws TemplateSyntaxError {
    Lexer l = new Lexer(text);
    l.run();
    return l.out;
  }

  private void run() throws TemplateSyntaxError {
    boolean trimNext = false;
    while (true) {
      int start = text.indexOf("{{", pos);
      int end = start < 0 ? text.length() : start;
      boolean trimLeft = start >= 0 && trimMarkerAt(start + 2);
      int from = pos;
      if (trimNext) {
        while (from < end && isSpace(text.charAt(from))) {
          from++;
        }
      }
      int to = end;
      if (trimLeft) {
        while (to > from && isSpace(text.charAt(to - 1))) {
          to--;
        }
      }
      if (to > from) {
        out.add(new Token(Token.Kind.TEXT, text.substring(from, to), from, line));
      }
      countLines(pos, end);
      if (start < 0) {
        out.add(new Token(Token.Kind.EOF, "", text.length(), line));
        return;
      }
      pos = start + 2 + (trimLeft ? 2 : 0);
      if (text.startsWith("/*", pos)) {
        trimNext = comment();
      } else {
        out.add(new Token(Token.Kind.LEFT_DELIM, "{{", start, line));
        parenDepth = 0;
        trimNext = insideAction();
      }
    }
  }

  private boolean trimMarkerAt(int i) {
    return i + 1 < text.length() && text.charAt(i) == '-' && isSpace(text.charAt(i + 1));
  }

  private boolean comment() throws TemplateSyntaxError {
    int end = text.indexOf("*/", pos + 2);
    if (end < 0) {
      throw error("unclosed comment");
    }
    countLines(pos, end);
    pos = end + 2;
    if (text.startsWith(" -}}", pos)) {
      pos += 4;
      return true;
    }
    if (text.startsWith("}}", pos)) {
      pos += 2;
      return false;
    }
    throw error("comment ends before closing delimiter");
  }

  /** Lexes up to the closing delimiter; returns whether it trims the text after it. */
  private boolean insideAction() throws TemplateSyntaxError {
    while (true) {
      if (pos >= text.length()) {
        throw error("unclosed action");
      }
      char c = text.charAt(pos);
      if (text.startsWith("}}", pos)) {
        return closeAction(2, false);
      }
      if (isSpace(c) && text.startsWith("-}}", pos + 1)) {
        if (c == '\n') {
          line++;
        }
        return closeAction(4, true);
      }
      int start = pos;
      if (isSpace(c)) {
        while (pos < text.length()
            && isSpace(text.charAt(pos))
            && !text.startsWith("-}}", pos + 1)) {
          if (text.charAt(pos++) == '\n') {
            line++;
          }
        }
        emit(Token.Kind.SPACE, start);
      } else if (c == ':') {
        if (!text.startsWith(":=", pos)) {
          throw error("expected :=");
        }
        pos += 2;
        emit(Token.Kind.DECLARE, start);
      } else if (c == '=') {
        pos++;
        emit(Token.Kind.ASSIGN, start);
      } else if (c == '|') {
        pos++;
        emit(Token.Kind.PIPE, start);
      } else if (c == ',') {
        pos++;
        emit(Token.Kind.COMMA, start);
      } else if (c == '(') {
        pos++;
        parenDepth++;
        emit(Token.Kind.LEFT_PAREN, start);
      } else if (c == ')') {
        pos++;
        if (--parenDepth < 0) {
          throw error("unexpected right paren");
        }
        emit(Token.Kind.RIGHT_PAREN, start);
      } else if (c == '"' || c == '\'') {
        quoted(c);
        emit(c == '"' ? Token.Kind.STRING : Token.Kind.CHAR, start);
      } else if (c == '`') {
        int end = text.indexOf('`', pos + 1);
        if (end < 0) {
          throw error("unterminated raw quoted string");
        }
        countLines(pos, end);
        pos = end + 1;
        emit(Token.Kind.RAW_STRING, start);
      } else if (c == '$') {
        pos++;
        alphanumerics();
        emit(Token.Kind.VARIABLE, start);
      } else if (c == '.') {
        if (pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
          number();
          emit(Token.Kind.NUMBER, start);
        } else {
          pos++;
          alphanumerics();
          emit(pos - start == 1 ? Token.Kind.DOT : Token.Kind.FIELD, start);
        }
      } else if (c == '+' || c == '-' || isDigit(c)) {
        number();
        emit(Token.Kind.NUMBER, start);
      } else if (isAlphanumeric(c)) {
        alphanumerics();
        String word = text.substring(start, pos);
        Token.Kind kind =
            KEYWORDS.contains(word)
                ? Token.Kind.KEYWORD
                : word.equals("true") || word.equals("false")
                    ? Token.Kind.BOOL
                    : word.equals("nil") ? Token.Kind.NIL : Token.Kind.IDENTIFIER;
        emit(kind, start);
      } else {
        throw error("unexpected \"" + c + "\" in command");
      }
    }
  }

  private boolean closeAction(int width, boolean trim) throws TemplateSyntaxError {
    if (parenDepth > 0) {
      throw error("unclosed left paren");
    }
    out.add(new Token(Token.Kind.RIGHT_DELIM, "}}", pos, line));
    pos += width;
    return trim;
  }

  private void quoted(char quote) throws TemplateSyntaxError {
    pos++;
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n') {
        throw error(
            quote == '"' ? "unterminated quoted string" : "unterminated character constant");
      }
      char c = text.charAt(pos++);
      if (c == '\\') {
        pos++;
      } else if (c == quote) {
        return;
      }
    }
  }

  private void number() throws TemplateSyntaxError {
    int start = pos;
    if (text.charAt(pos) == '+' || text.charAt(pos) == '-') {
      pos++;
    }
    while (pos < text.length()) {
      char c = text.charAt(pos);
      boolean sign =
          (c == '+' || c == '-') && "eEpP".indexOf(text.charAt(pos - 1)) >= 0 && !isHex(start);
      if (isAlphanumeric(c) || c == '.' || sign) {
        pos++;
      } else {
        break;
      }
    }
    if (pos == start + 1 && !isDigit(text.charAt(start))) {
      throw error("bad number syntax: \"" + text.substring(start, pos) + "\"");
    }
  }

  private boolean isHex(int start) {
    String s = text.substring(start, pos).replaceFirst("^[+-]", "");
    return s.startsWith("0x") || s.startsWith("0X");
  }

  private void alphanumerics() {
    while (pos < text.length() && isAlphanumeric(text.charAt(pos))) {
      pos++;
    }
  }

  private void emit(Token.Kind kind, int start) {
    out.add(new Token(kind, text.substring(start, pos), start, line));
  }

  private void countLines(int from, int to) {
    for (int i = from; i < to && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
  }

  private TemplateSyntaxError error(String message) {
    return new TemplateSyntaxError(line, message);
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAlphanumeric(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }
}
