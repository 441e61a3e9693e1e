package dev.vigil.promql.ast;

import java.util.Objects;

/**
 * A binary operation.
 *
 * @param op the operator
 * @param lhs left operand
 * @param rhs right operand
 * @param returnBool the {@code bool} modifier of a comparison
 * @param matching how vector elements pair up; {@code null} when either side is a scalar, as in
 *     Prometheus, where matching has no meaning
 */
public record BinaryExpr(
    BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching) implements Expr {

  public BinaryExpr {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(lhs, "lhs");
    Objects.requireNonNull(rhs, "rhs");
  }

  @Override
  public ValueType type() {
    return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR
        ? ValueType.SCALAR
        : ValueType.VECTOR;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
