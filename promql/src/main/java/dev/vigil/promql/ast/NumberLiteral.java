package dev.vigil.promql.ast;

/**
 * A float literal. {@code writtenAsDuration} records that the source said {@code 1h} rather than
 * {@code 3600}: the value is the same, but the printer gives the text back the way it came.
 *
 * @param value the value; durations are in seconds
 * @param writtenAsDuration whether the literal was a duration such as {@code 5m}
 */
public record NumberLiteral(double value, boolean writtenAsDuration) implements Expr {

  public static NumberLiteral of(double value) {
    return new NumberLiteral(value, false);
  }

  @Override
  public ValueType type() {
    return ValueType.SCALAR;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
