package dev.vigil.promql;

import dev.vigil.promql.ast.Expr;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A parsed query: the tree and, beside it, where each node came from. Positions are kept by node
 * identity, not in the records, so that equal trees stay equal wherever they were written; the
 * evaluator passes the very node instances it got from {@link #expr()} to {@link #positionOf}.
 */
public final class ParsedQuery {
  private final String query;
  private final Expr expr;
  private final Map<Expr, PositionRange> positions;

  ParsedQuery(String query, Expr expr, IdentityHashMap<Expr, PositionRange> positions) {
    this.query = query;
    this.expr = expr;
    this.positions = Collections.unmodifiableMap(positions);
  }

  public String query() {
    return query;
  }

  public Expr expr() {
    return expr;
  }

  /**
   * The source range of a node of this tree.
   *
   * @throws IllegalArgumentException if {@code node} is not a node of this tree
   */
  public PositionRange positionOf(Expr node) {
    PositionRange range = positions.get(node);
    if (range == null) {
      throw new IllegalArgumentException("not a node of this query: " + node);
    }
    return range;
  }

  /** {@code line:column} of the start of {@code node}, as used in Prometheus' annotations. */
  public String lineColumnOf(Expr node) {
    return PositionRange.lineColumn(query, positionOf(node).start());
  }

  @Override
  public String toString() {
    return expr.toString();
  }
}
