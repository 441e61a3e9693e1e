package dev.vigil.promql;

import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.ExprPrinter;

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
}
