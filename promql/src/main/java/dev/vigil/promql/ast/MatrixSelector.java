package dev.vigil.promql.ast;

import java.time.Duration;
import java.util.Objects;

/**
 * A range vector selector such as {@code rate_total[5m] offset 1m}. As in Prometheus, the offset
 * and {@code @} modifiers live on the inner {@link VectorSelector}; they are printed after the
 * range.
 *
 * @param selector the series to select, with their modifiers
 * @param range the window length, always positive
 */
public record MatrixSelector(VectorSelector selector, Duration range) implements Expr {

  public MatrixSelector {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(range, "range");
  }

  public MatrixSelector withSelector(VectorSelector newSelector) {
    return new MatrixSelector(newSelector, range);
  }

  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
