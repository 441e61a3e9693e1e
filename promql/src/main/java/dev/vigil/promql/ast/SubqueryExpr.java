package dev.vigil.promql.ast;

import java.time.Duration;
import java.util.Objects;

/**
 * A subquery such as {@code rate(x[5m])[1h:1m]}.
 *
 * @param expr the instant-vector expression evaluated at each step
 * @param range the window length, positive
 * @param step the resolution, or {@link Duration#ZERO} when omitted ({@code [1h:]}), meaning the
 *     engine's default evaluation interval
 * @param offset the offset modifier, {@link Duration#ZERO} if none
 * @param at the {@code @} modifier, or {@code null} if none
 */
public record SubqueryExpr(Expr expr, Duration range, Duration step, Duration offset, AtModifier at)
    implements Expr {

  public SubqueryExpr {
    Objects.requireNonNull(expr, "expr");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(offset, "offset");
  }

  public SubqueryExpr withOffset(Duration newOffset) {
    return new SubqueryExpr(expr, range, step, newOffset, at);
  }

  public SubqueryExpr withAt(AtModifier newAt) {
    return new SubqueryExpr(expr, range, step, offset, newAt);
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
