package dev.vigil.promql.ast;

import java.util.Objects;

/** A string literal, already unquoted. */
public record StringLiteral(String value) implements Expr {

  public StringLiteral {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public ValueType type() {
    return ValueType.STRING;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
