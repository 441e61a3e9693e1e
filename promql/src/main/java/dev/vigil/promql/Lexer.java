package dev.vigil.promql;

import dev.vigil.promql.ast.GoQuote;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a query into tokens on demand. Like Prometheus' lexer it is modal: inside braces words are
 * plain label names (so {@code {by="x"}} works), and inside brackets only durations, numbers and
 * {@code :} are expected. Comments ({@code #} to end of line) and whitespace are skipped.
 */
final class Lexer {

  private static final Pattern HEX = Pattern.compile("0[xX]_?[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*");
  private static final Pattern DURATION = Pattern.compile("(?:[0-9]+(?:ms|[smhdwy]))+");
  private static final Pattern DECIMAL =
      Pattern.compile(
          "(?:[0-9]+(?:_[0-9]+)*)?(?:\\.(?:[0-9]+(?:_[0-9]+)*)?)?(?:[eE][+-]?[0-9]+(?:_[0-9]+)*)?");

  /** A token shape tried at a digit, in this order: hex before decimal, durations before floats. */
  private record NumberForm(Pattern pattern, TokenKind kind) {}

  private static final java.util.List<NumberForm> NUMBER_FORMS =
      java.util.List.of(
          new NumberForm(HEX, TokenKind.NUMBER),
          new NumberForm(DURATION, TokenKind.DURATION),
          new NumberForm(DECIMAL, TokenKind.NUMBER));

  private final String input;
  private int pos;
  private int parenDepth;
  private boolean braceOpen;
  private boolean bracketOpen;
  private boolean gotColon;

  Lexer(String input) {
    this.input = input;
  }

  String input() {
    return input;
  }

  /** Reads the next token; throws {@link ParseException} on text that is no token at all. */
  Token next() {
    skipSpaceAndComments();
    int start = pos;
    if (pos >= input.length()) {
      if (braceOpen) {
        throw error(start, "unexpected end of input inside braces");
      }
      if (parenDepth != 0) {
        throw error(start, "unclosed left parenthesis");
      }
      if (bracketOpen) {
        throw error(start, "unclosed left bracket");
      }
      return token(TokenKind.EOF, start);
    }
    return braceOpen ? insideBraces(start) : statement(start);
  }

  private void skipSpaceAndComments() {
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else if (c == '#') {
        while (pos < input.length() && input.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private Token statement(int start) {
    char c = input.charAt(pos++);
    switch (c) {
      case ',':
        return token(TokenKind.COMMA, start);
      case '*':
        return token(TokenKind.MUL, start);
      case '/':
        return token(TokenKind.DIV, start);
      case '%':
        return token(TokenKind.MOD, start);
      case '+':
        return token(TokenKind.ADD, start);
      case '-':
        return token(TokenKind.SUB, start);
      case '^':
        return token(TokenKind.POW, start);
      case '@':
        return token(TokenKind.AT, start);
      case '=':
        if (peekIs('=')) {
          pos++;
          return token(TokenKind.EQLC, start);
        }
        if (peekIs('~')) {
          throw error(start, "unexpected character after '=': '~'");
        }
        return token(TokenKind.EQL, start);
      case '!':
        if (!peekIs('=')) {
          throw error(start, "unexpected character after '!': " + runeQuote(peekChar()));
        }
        pos++;
        return token(TokenKind.NEQ, start);
      case '<':
        if (peekIs('=')) {
          pos++;
          return token(TokenKind.LTE, start);
        }
        if (peekIs('/')) {
          pos++;
          return token(TokenKind.TRIM_UPPER, start);
        }
        return token(TokenKind.LSS, start);
      case '>':
        if (peekIs('=')) {
          pos++;
          return token(TokenKind.GTE, start);
        }
        if (peekIs('/')) {
          pos++;
          return token(TokenKind.TRIM_LOWER, start);
        }
        return token(TokenKind.GTR, start);
      case '(':
        parenDepth++;
        return token(TokenKind.LEFT_PAREN, start);
      case ')':
        parenDepth--;
        if (parenDepth < 0) {
          throw error(start, "unexpected right parenthesis ')'");
        }
        return token(TokenKind.RIGHT_PAREN, start);
      case '{':
        braceOpen = true;
        return token(TokenKind.LEFT_BRACE, start);
      case '[':
        if (bracketOpen) {
          throw error(start, "unexpected left bracket '['");
        }
        bracketOpen = true;
        gotColon = false;
        return token(TokenKind.LEFT_BRACKET, start);
      case ']':
        if (!bracketOpen) {
          throw error(start, "unexpected right bracket ']'");
        }
        bracketOpen = false;
        return token(TokenKind.RIGHT_BRACKET, start);
      case '"', '\'':
        return quotedString(start, c);
      case '`':
        return rawString(start);
      default:
        break;
    }
    if (isDigit(c) || (c == '.' && isDigit(peekChar()))) {
      pos = start;
      return numberOrDuration(start);
    }
    if (isAlpha(c) || c == ':') {
      if (bracketOpen) {
        // Inside [...] only the subquery colon is a word-like token in stable PromQL.
        if (c == ':') {
          if (gotColon) {
            throw error(start, "unexpected colon ':'");
          }
          gotColon = true;
          return token(TokenKind.COLON, start);
        }
        throw error(start, "unexpected character: " + runeQuote(c) + ", expected ':'");
      }
      pos = start;
      return keywordOrIdentifier(start);
    }
    throw error(start, "unexpected character: " + runeQuote(c));
  }

  private Token insideBraces(int start) {
    char c = input.charAt(pos++);
    switch (c) {
      case ',':
        return token(TokenKind.COMMA, start);
      case '"', '\'':
        return quotedString(start, c);
      case '`':
        return rawString(start);
      case '=':
        if (peekIs('~')) {
          pos++;
          return token(TokenKind.EQL_REGEX, start);
        }
        return token(TokenKind.EQL, start);
      case '!':
        char n = peekChar();
        if (n == '~' || n == '=') {
          pos++;
          return token(n == '~' ? TokenKind.NEQ_REGEX : TokenKind.NEQ, start);
        }
        throw error(start, "unexpected character after '!' inside braces: " + runeQuote(n));
      case '{':
        throw error(start, "unexpected left brace '{'");
      case '}':
        braceOpen = false;
        return token(TokenKind.RIGHT_BRACE, start);
      default:
        if (isAlpha(c)) {
          while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
            pos++;
          }
          return token(TokenKind.IDENTIFIER, start);
        }
        throw error(start, "unexpected character inside braces: " + runeQuote(c));
    }
  }

  private Token keywordOrIdentifier(int start) {
    while (pos < input.length()
        && (isAlphaNumeric(input.charAt(pos)) || input.charAt(pos) == ':')) {
      pos++;
    }
    String word = input.substring(start, pos);
    String lower = word.toLowerCase(Locale.ROOT);
    if (lower.equals("inf") || lower.equals("nan")) {
      return token(TokenKind.NUMBER, start);
    }
    if (Token.isKeywordText(word)) {
      return token(TokenKind.KEYWORD, start);
    }
    return token(
        word.indexOf(':') >= 0 ? TokenKind.METRIC_IDENTIFIER : TokenKind.IDENTIFIER, start);
  }

  private Token numberOrDuration(int start) {
    for (NumberForm form : NUMBER_FORMS) {
      Matcher m = form.pattern().matcher(input).region(start, input.length());
      if (m.lookingAt() && m.end() > start && containsDigit(start, m.end())) {
        int end = m.end();
        // A letter, digit or second dot right after means this was not a number after all.
        if (end >= input.length()
            || !(isAlphaNumeric(input.charAt(end)) || input.charAt(end) == '.')) {
          pos = end;
          return token(form.kind(), start);
        }
      }
    }
    int end = start;
    while (end < input.length()
        && (isAlphaNumeric(input.charAt(end)) || input.charAt(end) == '.')) {
      end++;
    }
    throw error(
        start, "bad number or duration syntax: " + GoQuote.quote(input.substring(start, end)));
  }

  private boolean containsDigit(int from, int to) {
    for (int i = from; i < to; i++) {
      if (isDigit(input.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private Token quotedString(int start, char quote) {
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (c == '\n') {
        break;
      }
      if (c == '\\') {
        if (pos + 1 >= input.length()) {
          throw error(start, "escape sequence not terminated");
        }
        pos += 2;
        continue;
      }
      pos++;
      if (c == quote) {
        String body = input.substring(start + 1, pos - 1);
        try {
          return new Token(
              TokenKind.STRING,
              input.substring(start, pos),
              GoQuote.unquote(body, quote),
              start,
              pos);
        } catch (GoQuote.InvalidEscapeException e) {
          // Like Prometheus, point at the literal, not into it.
          throw error(start, e.getMessage());
        }
      }
    }
    throw error(start, "unterminated quoted string");
  }

  private Token rawString(int start) {
    int close = input.indexOf('`', start + 1);
    if (close < 0) {
      throw error(start, "unterminated raw string");
    }
    pos = close + 1;
    return new Token(
        TokenKind.STRING,
        input.substring(start, pos),
        input.substring(start + 1, close),
        start,
        pos);
  }

  private Token token(TokenKind kind, int start) {
    String text = input.substring(start, pos);
    return new Token(kind, text, text, start, pos);
  }

  private boolean peekIs(char c) {
    return pos < input.length() && input.charAt(pos) == c;
  }

  private char peekChar() {
    return pos < input.length() ? input.charAt(pos) : '\0';
  }

  private ParseException error(int at, String message) {
    return new ParseException(input, new PositionRange(at, Math.max(at, input.length())), message);
  }

  /** Go's {@code %q} for a rune. */
  private static String runeQuote(char c) {
    if (c == '\0') {
      return "EOF";
    }
    String quoted = GoQuote.quote(String.valueOf(c));
    String inner = quoted.substring(1, quoted.length() - 1).replace("\\\"", "\"");
    return "'" + (c == '\'' ? "\\'" : inner) + "'";
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAlpha(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isAlphaNumeric(char c) {
    return isAlpha(c) || isDigit(c);
  }
}
