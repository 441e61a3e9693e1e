package dev.vigil.promql;

import dev.vigil.promql.ast.Expr;
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
  /*
   * Positions as two arrays, not the parser's map of range objects: a rules server keeps a parsed
   * query per rule (170,000 for 10,000 SLOs), and the map with its ranges was 2.4 million live
   * objects that the collector traced on every marking cycle. Looked up only to annotate a result,
   * so a linear search by identity is enough.
   */
  private final Expr[] nodes;

  /** {@code start << 32 | end} of {@code nodes[i]}. */
  private final long[] ranges;

  ParsedQuery(String query, Expr expr, IdentityHashMap<Expr, PositionRange> positions) {
    this.query = query;
    this.expr = expr;
    this.nodes = new Expr[positions.size()];
    this.ranges = new long[positions.size()];
    int i = 0;
    for (Map.Entry<Expr, PositionRange> e : positions.entrySet()) {
      nodes[i] = e.getKey();
      ranges[i++] = (long) e.getValue().start() << 32 | e.getValue().end();
    }
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
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] == node) {
        return new PositionRange((int) (ranges[i] >>> 32), (int) ranges[i]);
      }
    }
    throw new IllegalArgumentException("not a node of this query: " + node);
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
