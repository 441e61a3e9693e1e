package dev.vigil.promql.ast;

import java.util.Objects;

/**
 * A unary minus or plus on a non-literal operand. The parser folds a sign straight onto a number
 * literal (as Prometheus does), so {@code -1} is a {@link NumberLiteral}, not a {@code UnaryExpr}.
 *
 * @param negate true for {@code -}, false for {@code +}
 */
public record UnaryExpr(boolean negate, Expr expr) implements Expr {

  public UnaryExpr {
    Objects.requireNonNull(expr, "expr");
  }

  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
