package dev.vigil.alert.template;

/** One lexical item of a template; {@code pos} is the char offset in the whole text. */
record Token(Token.Kind kind, String text, int pos, int line) {
  enum Kind {
    TEXT,
    LEFT_DELIM,
    RIGHT_DELIM,
    SPACE,
    IDENTIFIER,
    FIELD,
    VARIABLE,
    DOT,
    NUMBER,
    CHAR,
    STRING,
    RAW_STRING,
    BOOL,
    NIL,
    DECLARE,
    ASSIGN,
    PIPE,
    LEFT_PAREN,
    RIGHT_PAREN,
    COMMA,
    KEYWORD,
    EOF
  }

  boolean is(Kind k, String t) {
    return kind == k && text.equals(t);
  }

  /** As Go's parser names an unexpected item in its messages. */
  String describe() {
    return switch (kind) {
      case EOF -> "EOF";
      case KEYWORD -> "<" + text + ">";
      case SPACE -> "space";
      case RIGHT_DELIM -> "\"}}\"";
      case LEFT_DELIM -> "\"{{\"";
      default -> "\"" + text + "\"";
    };
  }
}
