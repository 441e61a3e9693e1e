package dev.vigil.tracestore;

import dev.vigil.tracestore.query.Condition;
import dev.vigil.tracestore.query.Expr;
import dev.vigil.tracestore.query.Field;
import dev.vigil.tracestore.query.Literal;
import dev.vigil.tracestore.query.Op;
import dev.vigil.tracestore.query.TraceQlParser;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trace search: Jaeger's parameters ({@link #jaeger}) or a TraceQL query ({@link #traceQl}), over
 * spans starting in [{@code startUnixNano}, {@code endUnixNano}], returning at most {@code limit}
 * traces newest first. All conditions apply to one span: a trace matches when one of its spans
 * does.
 */
public final class TraceSearch {
  public static final int MAX_LIMIT = 10_000;

  private final Expr filter;
  private final long startUnixNano;
  private final long endUnixNano;
  private final int limit;

  private TraceSearch(Expr filter, long startUnixNano, long endUnixNano, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidQueryException(
          "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    if (endUnixNano < startUnixNano) {
      throw new InvalidQueryException("end is before start");
    }
    this.filter = filter;
    this.startUnixNano = startUnixNano;
    this.endUnixNano = endUnixNano;
    this.limit = limit;
  }

  /**
   * Jaeger's search: {@code service} and {@code operation} (null for any), {@code tags} as
   * key=value on span or resource attributes ({@code error=true} means status error), and {@code
   * minDuration}/{@code maxDuration} (null for none).
   */
  public static TraceSearch jaeger(
      String service,
      String operation,
      Map<String, String> tags,
      Duration minDuration,
      Duration maxDuration,
      long startUnixNano,
      long endUnixNano,
      int limit) {
    Expr e = null;
    if (service != null && !service.isEmpty()) {
      e = and(e, new Condition(Field.Intrinsic.SERVICE, Op.EQ, new Literal.Str(service)));
    }
    if (operation != null && !operation.isEmpty()) {
      e = and(e, new Condition(Field.Intrinsic.NAME, Op.EQ, new Literal.Str(operation)));
    }
    for (Map.Entry<String, String> t : new LinkedHashMap<>(tags).entrySet()) {
      if (t.getKey().equals("error") && t.getValue().equals("true")) {
        e =
            and(
                e,
                new Condition(
                    Field.Intrinsic.STATUS,
                    Op.EQ,
                    new Literal.Status(dev.vigil.model.trace.StatusCode.ERROR)));
      } else {
        Field f = new Field.Attribute(Field.AttrScope.ANY, t.getKey());
        e = and(e, new Condition(f, Op.EQ, new Literal.Str(t.getValue())));
      }
    }
    if (minDuration != null) {
      e = and(e, durationCondition(Op.GE, minDuration));
    }
    if (maxDuration != null) {
      e = and(e, durationCondition(Op.LE, maxDuration));
    }
    return new TraceSearch(e, startUnixNano, endUnixNano, limit);
  }

  /**
   * A TraceQL search such as {@code { resource.service.name = "checkout" && duration > 2s }}.
   *
   * @throws InvalidQueryException naming the column of the problem
   */
  public static TraceSearch traceQl(String query, long startUnixNano, long endUnixNano, int limit) {
    return new TraceSearch(TraceQlParser.parse(query), startUnixNano, endUnixNano, limit);
  }

  private static Condition durationCondition(Op op, Duration d) {
    return new Condition(Field.Intrinsic.DURATION, op, new Literal.Duration(d.toNanos()));
  }

  private static Expr and(Expr a, Expr b) {
    return a == null ? b : new Expr.And(a, b);
  }

  /** The span filter; null matches every span. */
  public Expr filter() {
    return filter;
  }

  public long startUnixNano() {
    return startUnixNano;
  }

  public long endUnixNano() {
    return endUnixNano;
  }

  public int limit() {
    return limit;
  }

  @Override
  public String toString() {
    return "{ "
        + (filter == null ? "" : filter)
        + " } ["
        + startUnixNano
        + ", "
        + endUnixNano
        + "] limit "
        + limit;
  }
}
