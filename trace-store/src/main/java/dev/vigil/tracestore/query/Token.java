package dev.vigil.tracestore.query;

/** A lexical token with its 1-based column, for error messages. */
record Token(Type type, String text, int column) {
  enum Type {
    LBRACE("'{'"),
    RBRACE("'}'"),
    LPAREN("'('"),
    RPAREN("')'"),
    AND("'&&'"),
    OR("'||'"),
    OP("an operator"),
    STRING("a string"),
    NUMBER("a number"),
    DURATION("a duration"),
    IDENT("a name"),
    EOF("the end of the query");

    final String description;

    Type(String description) {
      this.description = description;
    }
  }

  String describe() {
    return type == Type.EOF ? type.description : "'" + text + "'";
  }
}
