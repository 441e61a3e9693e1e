package dev.vigil.promql.ast;

import java.util.List;
import java.util.Objects;

/**
 * A function call; {@code function} is the table entry the parser checked the arguments against.
 */
public record Call(Function function, List<Expr> args) implements Expr {

  public Call {
    Objects.requireNonNull(function, "function");
    args = List.copyOf(args);
  }

  @Override
  public ValueType type() {
    return function.returnType();
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
