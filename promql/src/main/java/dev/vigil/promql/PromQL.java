package dev.vigil.promql;

import dev.vigil.promql.ast.AggregateExpr;
import dev.vigil.promql.ast.BinaryExpr;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.ExprPrinter;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.NumberLiteral;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.StringLiteral;
import dev.vigil.promql.ast.SubqueryExpr;
import dev.vigil.promql.ast.UnaryExpr;
import dev.vigil.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the PromQL front end.
 *
 * <pre>{@code
 * Expr e = PromQL.parseExpr("sum by (job) (rate(http_requests_total[5m]))");
 * String canonical = PromQL.format(e);
 * }</pre>
 *
 * <p>All methods are thread-safe: each call uses its own lexer and parser.
 */
public final class PromQL {

  private PromQL() {}

  /**
   * Parses stable PromQL into a type-checked tree with the positions of its nodes.
   *
   * @throws ParseException if the query is not valid PromQL
   */
  public static ParsedQuery parse(String query) {
    return parse(query, ParserOptions.STABLE);
  }

  /**
   * Parses PromQL with the given language features.
   *
   * @throws ParseException if the query is not valid PromQL
   */
  public static ParsedQuery parse(String query, ParserOptions options) {
    return new Parser(query, options).parse();
  }

  /**
   * Parses stable PromQL into a type-checked tree.
   *
   * @throws ParseException if the query is not valid PromQL
   */
  public static Expr parseExpr(String query) {
    return parse(query).expr();
  }

  /** Renders {@code expr} as canonical PromQL; the same as {@code expr.toString()}. */
  public static String format(Expr expr) {
    return ExprPrinter.print(expr);
  }

  /**
   * Every vector selector in {@code expr}, those inside range selectors and subqueries included, in
   * the order they are written: what an expression reads from storage (Prometheus' {@code
   * parser.ExtractSelectors}).
   */
  public static List<VectorSelector> selectors(Expr expr) {
    List<VectorSelector> out = new ArrayList<>();
    collect(expr, out);
    return out;
  }

  private static void collect(Expr e, List<VectorSelector> out) {
    switch (e) {
      case VectorSelector v -> out.add(v);
      case MatrixSelector m -> out.add(m.selector());
      case SubqueryExpr s -> collect(s.expr(), out);
      case ParenExpr p -> collect(p.expr(), out);
      case UnaryExpr u -> collect(u.expr(), out);
      case BinaryExpr b -> {
        collect(b.lhs(), out);
        collect(b.rhs(), out);
      }
      case AggregateExpr a -> {
        if (a.parameter() != null) {
          collect(a.parameter(), out);
        }
        collect(a.expr(), out);
      }
      case Call c -> c.args().forEach(arg -> collect(arg, out));
      case NumberLiteral n -> {}
      case StringLiteral s -> {}
    }
  }
}
