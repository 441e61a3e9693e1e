package dev.vigil.promql;

/**
 * Kinds of lexical token. {@code text} is the punctuation's spelling, null for the open classes.
 */
enum TokenKind {
  IDENTIFIER(null),
  METRIC_IDENTIFIER(null),
  KEYWORD(null),
  NUMBER(null),
  DURATION(null),
  STRING(null),
  LEFT_PAREN("("),
  RIGHT_PAREN(")"),
  LEFT_BRACE("{"),
  RIGHT_BRACE("}"),
  LEFT_BRACKET("["),
  RIGHT_BRACKET("]"),
  COMMA(","),
  COLON(":"),
  AT("@"),
  EQL("="),
  EQL_REGEX("=~"),
  NEQ_REGEX("!~"),
  EQLC("=="),
  NEQ("!="),
  LSS("<"),
  LTE("<="),
  GTR(">"),
  GTE(">="),
  TRIM_UPPER("</"),
  TRIM_LOWER(">/"),
  ADD("+"),
  SUB("-"),
  MUL("*"),
  DIV("/"),
  MOD("%"),
  POW("^"),
  EOF(null);

  final String text;

  TokenKind(String text) {
    this.text = text;
  }
}
