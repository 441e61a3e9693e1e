package dev.vigil.promql.ast;

import java.util.List;
import java.util.Objects;

/**
 * An aggregation such as {@code topk by (job) (3, x)}.
 *
 * @param op the aggregator
 * @param expr the vector aggregated
 * @param parameter the parameter of topk, bottomk, quantile, count_values, limitk, limit_ratio;
 *     {@code null} for the others
 * @param grouping the labels of {@code by} or {@code without}, in written order
 * @param without true for {@code without}, false for {@code by} or no clause
 */
public record AggregateExpr(
    AggregateOp op, Expr expr, Expr parameter, List<String> grouping, boolean without)
    implements Expr {

  public AggregateExpr {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(expr, "expr");
    grouping = List.copyOf(grouping);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
