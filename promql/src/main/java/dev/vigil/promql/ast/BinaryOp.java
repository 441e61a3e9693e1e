package dev.vigil.promql.ast;

import java.util.Locale;
import java.util.Optional;

/**
 * The binary operators with Prometheus' precedence. Higher binds tighter; {@code ^} alone is
 * right-associative. Unary minus sits between {@code *} and {@code ^}: {@code -2 ^ 2} is -4.
 */
public enum BinaryOp {
  OR("or", 1),
  AND("and", 2),
  UNLESS("unless", 2),
  EQL("==", 3),
  NEQ("!=", 3),
  GTR(">", 3),
  LSS("<", 3),
  GTE(">=", 3),
  LTE("<=", 3),
  /** Histogram trim: drops the observations above the right-hand threshold. */
  TRIM_UPPER("</", 3),
  /** Histogram trim: drops the observations below the right-hand threshold. */
  TRIM_LOWER(">/", 3),
  ADD("+", 4),
  SUB("-", 4),
  MUL("*", 5),
  DIV("/", 5),
  MOD("%", 5),
  ATAN2("atan2", 5),
  POW("^", 6);

  /** The precedence of unary minus and plus: that of {@code *}. */
  public static final int UNARY_PRECEDENCE = 5;

  private final String symbol;
  private final int precedence;

  BinaryOp(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  public String symbol() {
    return symbol;
  }

  public int precedence() {
    return precedence;
  }

  public boolean isRightAssociative() {
    return this == POW;
  }

  /** The six comparisons; the histogram trims share their precedence but are not comparisons. */
  public boolean isComparison() {
    return switch (this) {
      case EQL, NEQ, GTR, LSS, GTE, LTE -> true;
      default -> false;
    };
  }

  public boolean isSetOperator() {
    return this == AND || this == OR || this == UNLESS;
  }

  /** The operator spelled {@code text}; keyword operators match case-insensitively. */
  public static Optional<BinaryOp> fromSymbol(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (BinaryOp op : values()) {
      if (op.symbol.equals(lower)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
