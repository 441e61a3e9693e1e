package dev.vigil.promql;

import java.util.ArrayList;
import java.util.List;

/** The lexer's tokens with two tokens of lookahead, and the error wording shared by the parsers. */
final class TokenStream {
  private final String input;
  private final Lexer lexer;
  private final List<Token> lookahead = new ArrayList<>(2);

  TokenStream(String input) {
    this.input = input;
    this.lexer = new Lexer(input);
  }

  String input() {
    return input;
  }

  Token peek() {
    return peekAt(0);
  }

  Token peekAt(int n) {
    while (lookahead.size() <= n) {
      lookahead.add(lexer.next());
    }
    return lookahead.get(n);
  }

  Token next() {
    Token t = peek();
    lookahead.remove(0);
    return t;
  }

  /** Consumes a token of {@code kind} or fails with "unexpected X in context, expected ...". */
  Token expect(TokenKind kind, String context, String expected) {
    if (peek().kind() != kind) {
      throw unexpected(peek(), context, expected);
    }
    return next();
  }

  ParseException unexpected(Token t, String context, String expected) {
    StringBuilder msg = new StringBuilder("unexpected ").append(t.describe());
    if (context != null) {
      msg.append(" in ").append(context);
    }
    if (expected != null) {
      msg.append(", expected ").append(expected);
    }
    return error(t.range(), msg.toString());
  }

  ParseException error(PositionRange range, String message) {
    return new ParseException(input, range, message);
  }
}
