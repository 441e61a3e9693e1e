package dev.vigil.alert;

import dev.vigil.promql.PromQL;
import dev.vigil.promql.ast.AggregateExpr;
import dev.vigil.promql.ast.BinaryExpr;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.NumberLiteral;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.StringLiteral;
import dev.vigil.promql.ast.SubqueryExpr;
import dev.vigil.promql.ast.UnaryExpr;
import dev.vigil.promql.ast.VectorSelector;

/**
 * PromQL compared by meaning of its tree: parsed, with parentheses dropped (the tree already holds
 * the grouping) and literals normalized, so whitespace and redundant parentheses do not matter.
 */
public final class CanonicalExpr {
  private CanonicalExpr() {}

  /** The tree of {@code query} without parentheses. */
  public static Expr of(String query) {
    return strip(PromQL.parseExpr(query));
  }

  /** Canonical text of {@code query}, for readable assertion messages. */
  public static String format(String query) {
    return PromQL.format(of(query));
  }

  static Expr strip(Expr e) {
    return switch (e) {
      case ParenExpr p -> strip(p.expr());
      case NumberLiteral n -> NumberLiteral.of(n.value());
      case StringLiteral s -> s;
      case VectorSelector v -> v;
      case MatrixSelector m -> m;
      case UnaryExpr u -> new UnaryExpr(u.negate(), strip(u.expr()));
      case BinaryExpr b ->
          new BinaryExpr(b.op(), strip(b.lhs()), strip(b.rhs()), b.returnBool(), b.matching());
      case AggregateExpr a ->
          new AggregateExpr(
              a.op(),
              strip(a.expr()),
              a.parameter() == null ? null : strip(a.parameter()),
              a.grouping(),
              a.without());
      case Call c -> new Call(c.function(), c.args().stream().map(CanonicalExpr::strip).toList());
      case SubqueryExpr s ->
          new SubqueryExpr(strip(s.expr()), s.range(), s.step(), s.offset(), s.at());
    };
  }
}
