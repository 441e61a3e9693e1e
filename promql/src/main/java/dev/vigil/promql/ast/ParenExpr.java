package dev.vigil.promql.ast;

import java.util.Objects;

/** A parenthesised expression; kept in the tree so printing gives back the user's grouping. */
public record ParenExpr(Expr expr) implements Expr {

  public ParenExpr {
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
