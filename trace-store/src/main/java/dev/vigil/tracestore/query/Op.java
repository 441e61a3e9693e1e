package dev.vigil.tracestore.query;

/** Comparison operators. */
public enum Op {
  EQ("="),
  NE("!="),
  GT(">"),
  GE(">="),
  LT("<"),
  LE("<="),
  MATCH("=~"),
  NOT_MATCH("!~");

  private final String symbol;

  Op(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public boolean isRange() {
    return this == GT || this == GE || this == LT || this == LE;
  }

  /** Whether {@code c}, a comparison result (value vs literal), satisfies this range operator. */
  boolean accepts(int c) {
    return switch (this) {
      case EQ -> c == 0;
      case GT -> c > 0;
      case GE -> c >= 0;
      case LT -> c < 0;
      case LE -> c <= 0;
      default -> throw new IllegalStateException("BUG: " + this + " is not a comparison");
    };
  }
}
