package dev.vigil.promql.ast;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders an expression as canonical PromQL, in the form Prometheus' {@code String()} methods give:
 * single spaces around binary operators, matchers sorted, durations in their shortest unit form,
 * modifiers in the order {@code [range] @ ... offset ...}. Parsing the output yields an equal tree.
 */
public final class ExprPrinter {

  private static final Pattern LEGACY_LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private ExprPrinter() {}

  public static String print(Expr expr) {
    StringBuilder out = new StringBuilder();
    write(out, expr);
    return out.toString();
  }

  private static void write(StringBuilder out, Expr expr) {
    switch (expr) {
      case NumberLiteral n -> out.append(formatNumber(n));
      case StringLiteral s -> out.append(GoQuote.quote(s.value()));
      case ParenExpr p -> {
        out.append('(');
        write(out, p.expr());
        out.append(')');
      }
      case UnaryExpr u -> {
        out.append(u.negate() ? '-' : '+');
        write(out, u.expr());
      }
      case VectorSelector v -> {
        writeSelectorBody(out, v);
        writeModifiers(out, v.at(), v.offset());
      }
      case MatrixSelector m -> {
        writeSelectorBody(out, m.selector());
        out.append('[').append(DurationSyntax.format(m.range())).append(']');
        writeModifiers(out, m.selector().at(), m.selector().offset());
      }
      case SubqueryExpr s -> {
        write(out, s.expr());
        out.append('[').append(DurationSyntax.format(s.range())).append(':');
        if (!s.step().isZero()) {
          out.append(DurationSyntax.format(s.step()));
        }
        out.append(']');
        writeModifiers(out, s.at(), s.offset());
      }
      case BinaryExpr b -> writeBinary(out, b);
      case AggregateExpr a -> writeAggregate(out, a);
      case Call c -> {
        out.append(c.function().name()).append('(');
        writeArgs(out, c.args());
        out.append(')');
      }
    }
  }

  private static void writeArgs(StringBuilder out, List<Expr> args) {
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      write(out, args.get(i));
    }
  }

  private static void writeSelectorBody(StringBuilder out, VectorSelector v) {
    out.append(v.metricName());
    StringBuilder matchers = new StringBuilder();
    for (LabelMatcher m : v.matchers()) {
      // The name written before the braces is shown there, not again as a matcher.
      boolean impliedByName =
          !v.metricName().isEmpty()
              && m.name().equals(LabelMatcher.METRIC_NAME)
              && m.type() == MatchType.EQUAL
              && m.value().equals(v.metricName());
      if (impliedByName) {
        continue;
      }
      if (!matchers.isEmpty()) {
        matchers.append(',');
      }
      matchers.append(m);
    }
    if (!matchers.isEmpty()) {
      out.append('{').append(matchers).append('}');
    }
  }

  private static void writeModifiers(StringBuilder out, AtModifier at, Duration offset) {
    if (at != null) {
      out.append(' ').append(at);
    }
    if (!offset.isZero()) {
      out.append(" offset ").append(DurationSyntax.formatSigned(offset));
    }
  }

  private static void writeBinary(StringBuilder out, BinaryExpr b) {
    if (b.op() == BinaryOp.POW
        && b.lhs() instanceof NumberLiteral n
        && !n.writtenAsDuration()
        && n.value() == Double.POSITIVE_INFINITY) {
      // "+Inf ^ x" would read back as +(Inf ^ x): unary plus binds looser than ^.
      out.append("Inf");
    } else {
      write(out, b.lhs());
    }
    out.append(' ').append(b.op().symbol());
    if (b.returnBool()) {
      out.append(" bool");
    }
    VectorMatching vm = b.matching();
    if (vm != null) {
      boolean grouped =
          vm.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE
              || vm.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY;
      if (!vm.matchingLabels().isEmpty() || vm.on() || grouped) {
        out.append(vm.on() ? " on (" : " ignoring (");
        writeLabelList(out, vm.matchingLabels());
        out.append(')');
      }
      if (grouped) {
        out.append(
            vm.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE
                ? " group_left ("
                : " group_right (");
        writeLabelList(out, vm.include());
        out.append(')');
      }
    }
    out.append(' ');
    write(out, b.rhs());
  }

  private static void writeAggregate(StringBuilder out, AggregateExpr a) {
    out.append(a.op().keyword());
    if (a.without()) {
      out.append(" without (");
      writeLabelList(out, a.grouping());
      out.append(") ");
    } else if (!a.grouping().isEmpty()) {
      out.append(" by (");
      writeLabelList(out, a.grouping());
      out.append(") ");
    }
    out.append('(');
    if (a.parameter() != null) {
      write(out, a.parameter());
      out.append(", ");
    }
    write(out, a.expr());
    out.append(')');
  }

  private static void writeLabelList(StringBuilder out, List<String> labels) {
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(printLabelName(labels.get(i)));
    }
  }

  /** A label name as PromQL writes it: bare if it is a classic identifier, quoted otherwise. */
  public static String printLabelName(String name) {
    return LEGACY_LABEL_NAME.matcher(name).matches() ? name : GoQuote.quote(name);
  }

  /**
   * Formats like Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, no exponent.
   */
  static String formatNumber(NumberLiteral n) {
    double v = n.value();
    if (n.writtenAsDuration() && Double.isFinite(v)) {
      Duration d = Duration.ofMillis(Math.round(Math.abs(v) * 1000));
      return (v < 0 ? "-" : "") + DurationSyntax.format(d);
    }
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0" : "0";
    }
    // Double.toString gives the shortest round-tripping digits; BigDecimal drops the exponent.
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
