package dev.vigil.logindex.logql;

/** One lexical token: its kind, its text (a string literal's decoded value) and its offset. */
record Token(Kind kind, String text, int offset) {
  enum Kind {
    LBRACE("'{'"),
    RBRACE("'}'"),
    LPAREN("'('"),
    RPAREN("')'"),
    LBRACKET("'['"),
    RBRACKET("']'"),
    COMMA("','"),
    EQ("'='"),
    EQEQ("'=='"),
    NEQ("'!='"),
    RE("'=~'"),
    NRE("'!~'"),
    PIPE("'|'"),
    PIPE_EXACT("'|='"),
    PIPE_MATCH("'|~'"),
    GT("'>'"),
    GTE("'>='"),
    LT("'<'"),
    LTE("'<='"),
    STRING("a string"),
    NUMBER("a number"),
    DURATION("a duration"),
    IDENT("an identifier"),
    EOF("the end of the query");

    final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  /** How the token reads in an error message. */
  String describe() {
    return switch (kind) {
      case EOF -> "the end of the query";
      case STRING -> "string \"" + text + "\"";
      default -> "'" + text + "'";
    };
  }
}
