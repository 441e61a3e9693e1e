package dev.vigil.tracestore.query;

import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanEvent;
import dev.vigil.tracestore.StoredSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a filter on one span in memory: for spans still in the write buffer, and as the
 * reference the search index's translation is tested against. Semantics are on {@link Condition}.
 */
public final class SpanPredicate {
  private SpanPredicate() {}

  /** True when {@code filter} is null or matches {@code s}. */
  public static boolean matches(Expr filter, StoredSpan s) {
    return switch (filter) {
      case null -> true;
      case Expr.And a -> matches(a.left(), s) && matches(a.right(), s);
      case Expr.Or o -> matches(o.left(), s) || matches(o.right(), s);
      case Condition c -> condition(c, s);
    };
  }

  private static boolean condition(Condition c, StoredSpan s) {
    Span span = s.span();
    if (c.field() == Field.Intrinsic.DURATION) {
      long d = span.durationNanos();
      long lit = ((Literal.Duration) c.value()).nanos();
      return c.op() == Op.NE ? d != lit : c.op().accepts(Long.compare(d, lit));
    }
    if (c.field() == Field.Intrinsic.STATUS) {
      boolean eq = span.status().code() == ((Literal.Status) c.value()).code();
      return c.op() == Op.EQ ? eq : !eq;
    }
    if (c.field() == Field.Intrinsic.KIND) {
      boolean eq = span.kind() == ((Literal.Kind) c.value()).kind();
      return c.op() == Op.EQ ? eq : !eq;
    }
    return anyValue(c, values(c.field(), s));
  }

  /** The raw values of a text intrinsic or an attribute on {@code s}. */
  static List<Object> values(Field f, StoredSpan s) {
    List<Object> out = new ArrayList<>(2);
    Span span = s.span();
    switch (f) {
      case Field.Intrinsic.NAME -> out.add(AttributeValues.cut(span.name()));
      case Field.Intrinsic.SERVICE -> out.add(AttributeValues.cut(s.serviceName()));
      case Field.Intrinsic.STATUS_MESSAGE -> {
        if (!span.status().message().isEmpty()) {
          out.add(AttributeValues.cut(span.status().message()));
        }
      }
      case Field.Intrinsic.EVENT_NAME ->
          span.events().forEach(e -> out.add(AttributeValues.cut(e.name())));
      case Field.Attribute a -> {
        String k = a.key();
        switch (a.scope()) {
          case SPAN -> AttributeValues.forEach(span.attributes(), k, out::add);
          case RESOURCE -> AttributeValues.forEach(s.resource().attributes(), k, out::add);
          case ANY -> {
            AttributeValues.forEach(span.attributes(), k, out::add);
            AttributeValues.forEach(s.resource().attributes(), k, out::add);
          }
          case EVENT -> {
            for (SpanEvent e : span.events()) {
              AttributeValues.forEach(e.attributes(), k, out::add);
            }
          }
        }
      }
      default -> throw new IllegalStateException("BUG: no values for intrinsic " + f);
    }
    return out;
  }

  private static boolean anyValue(Condition c, List<Object> raw) {
    Literal lit = c.value();
    boolean numeric = lit instanceof Literal.Num;
    boolean present = false;
    boolean hit = false;
    for (Object v : raw) {
      if (numeric) {
        if (!AttributeValues.isNumeric(v)) {
          continue;
        }
        present = true;
        int cmp = Double.compare(AttributeValues.number(v), ((Literal.Num) lit).value());
        hit |= c.op() == Op.NE ? cmp == 0 : c.op().accepts(cmp);
      } else {
        String t = AttributeValues.text(v);
        if (t == null) {
          continue;
        }
        present = true;
        hit |= textHit(c.op(), t, lit);
      }
    }
    // != and !~ hold when the field is there and no value equals / matches.
    return c.op() == Op.NE || c.op() == Op.NOT_MATCH ? present && !hit : hit;
  }

  private static boolean textHit(Op op, String value, Literal lit) {
    return switch (lit) {
      case Literal.Regex r -> r.pattern().matcher(value).matches();
      case Literal.Str s ->
          op == Op.NE
              ? value.equals(s.value())
              : op.accepts(AttributeValues.compareText(value, s.value()));
      case Literal.Bool b -> value.equals(Boolean.toString(b.value()));
      default -> throw new IllegalStateException("BUG: text comparison with " + lit);
    };
  }
}
