package dev.vigil.tracestore.query;

/** A boolean condition on one span. */
public sealed interface Expr permits Expr.And, Expr.Or, Condition {

  record And(Expr left, Expr right) implements Expr {
    @Override
    public String toString() {
      return "(" + left + " && " + right + ")";
    }
  }

  record Or(Expr left, Expr right) implements Expr {
    @Override
    public String toString() {
      return "(" + left + " || " + right + ")";
    }
  }

  /** Joins with {@code &&}; either side may be null (no condition). */
  static Expr and(Expr a, Expr b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : new And(a, b);
  }
}
