package dev.vigil.promql.engine;

import dev.vigil.promql.ast.AggregateExpr;
import dev.vigil.promql.ast.AtModifier;
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
 * The time range a query reads from storage: the union over its selectors of their windows at every
 * evaluation time, following offsets, {@code @} and subquery ranges. The engine opens one querier
 * over it, so the whole query sees one consistent snapshot.
 */
final class TimeBounds {
  private final long lookback;
  private final long queryStart;
  private final long queryEnd;
  long min = Long.MAX_VALUE;
  long max = Long.MIN_VALUE;

  private TimeBounds(long lookback, long queryStart, long queryEnd) {
    this.lookback = lookback;
    this.queryStart = queryStart;
    this.queryEnd = queryEnd;
  }

  /** {@code [min, max]}, or {@code [start, end]} when the query selects nothing. */
  static long[] of(Expr expr, long start, long end, long lookback) {
    TimeBounds b = new TimeBounds(lookback, start, end);
    b.visit(expr, start, end);
    if (b.min > b.max) {
      return new long[] {start, end};
    }
    return new long[] {b.min, b.max};
  }

  private void visit(Expr e, long start, long end) {
    switch (e) {
      case VectorSelector v -> selector(v, 0, start, end);
      case MatrixSelector m -> selector(m.selector(), m.range().toMillis(), start, end);
      case SubqueryExpr s -> {
        long offset = s.offset().toMillis();
        long from = (s.at() != null ? at(s.at()) : start) - offset - s.range().toMillis();
        long to = (s.at() != null ? at(s.at()) : end) - offset;
        visit(s.expr(), from, to);
      }
      case ParenExpr p -> visit(p.expr(), start, end);
      case UnaryExpr u -> visit(u.expr(), start, end);
      case BinaryExpr b -> {
        visit(b.lhs(), start, end);
        visit(b.rhs(), start, end);
      }
      case AggregateExpr a -> {
        if (a.parameter() != null) {
          visit(a.parameter(), start, end);
        }
        visit(a.expr(), start, end);
      }
      case Call c -> c.args().forEach(arg -> visit(arg, start, end));
      case NumberLiteral n -> {}
      case StringLiteral s -> {}
    }
  }

  private void selector(VectorSelector v, long range, long start, long end) {
    long offset = v.offset().toMillis();
    long from = (v.at() != null ? at(v.at()) : start) - offset - (range == 0 ? lookback : range);
    long to = (v.at() != null ? at(v.at()) : end) - offset;
    min = Math.min(min, from);
    max = Math.max(max, to);
  }

  private long at(AtModifier at) {
    return switch (at.kind()) {
      case TIMESTAMP -> at.epochMillis();
      case START -> queryStart;
      case END -> queryEnd;
    };
  }
}
