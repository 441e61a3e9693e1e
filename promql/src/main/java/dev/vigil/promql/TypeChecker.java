package dev.vigil.promql;

import dev.vigil.promql.ast.AggregateExpr;
import dev.vigil.promql.ast.BinaryExpr;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.GoQuote;
import dev.vigil.promql.ast.LabelMatcher;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.NumberLiteral;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.StringLiteral;
import dev.vigil.promql.ast.SubqueryExpr;
import dev.vigil.promql.ast.UnaryExpr;
import dev.vigil.promql.ast.ValueType;
import dev.vigil.promql.ast.VectorMatching.Cardinality;
import dev.vigil.promql.ast.VectorSelector;
import java.util.Map;

/**
 * Checks a parsed tree the way Prometheus' {@code checkAST} does: operand and argument types,
 * argument counts, modifier misuse, and the rule that a selector must not match every series. It
 * walks the tree in the same order so that, of several problems, the one Prometheus would name
 * first is the one reported.
 */
final class TypeChecker {
  private final String input;
  private final Map<Expr, PositionRange> positions;
  private final Map<BinaryExpr, PositionRange> operatorPositions;

  TypeChecker(
      String input,
      Map<Expr, PositionRange> positions,
      Map<BinaryExpr, PositionRange> operatorPositions) {
    this.input = input;
    this.positions = positions;
    this.operatorPositions = operatorPositions;
  }

  ValueType check(Expr node) {
    switch (node) {
      case AggregateExpr a -> {
        expectType(a.expr(), ValueType.VECTOR, "aggregation expression");
        if (a.parameter() != null) {
          expectType(a.parameter(), a.op().parameterType(), "aggregation parameter");
        }
      }
      case BinaryExpr b -> checkBinary(b);
      case Call c -> checkCall(c);
      case ParenExpr p -> check(p.expr());
      case UnaryExpr u -> {
        ValueType t = check(u.expr());
        if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
          throw error(
              u,
              "unary expression only allowed on expressions of type scalar or instant vector, got "
                  + GoQuote.quote(t.documentedName()));
        }
      }
      case SubqueryExpr s -> {
        ValueType t = check(s.expr());
        if (t != ValueType.VECTOR) {
          // Prometheus names the internal type here ("matrix"), unlike its other messages.
          throw error(
              s,
              "subquery is only allowed on instant vector, got " + t.internalName() + " instead");
        }
      }
      case MatrixSelector m -> checkSelector(m.selector(), m, false);
      case VectorSelector v -> checkSelector(v, v, false);
      case NumberLiteral n -> {}
      case StringLiteral s -> {}
    }
    return node.type();
  }

  private void expectType(Expr node, ValueType want, String context) {
    ValueType got = check(node);
    if (got != want) {
      throw error(
          node,
          "expected type "
              + want.documentedName()
              + " in "
              + context
              + ", got "
              + got.documentedName());
    }
  }

  private void checkBinary(BinaryExpr b) {
    ValueType lt = check(b.lhs());
    ValueType rt = check(b.rhs());
    PositionRange opRange = operatorPositions.getOrDefault(b, position(b));
    if (b.returnBool() && !b.op().isComparison()) {
      throw error(opRange, "bool modifier can only be used on comparison operators");
    }
    if (b.op().isComparison()
        && !b.returnBool()
        && lt == ValueType.SCALAR
        && rt == ValueType.SCALAR) {
      throw error(opRange, "comparisons between scalars must use BOOL modifier");
    }
    var vm = b.matching();
    if (vm != null && vm.on()) {
      for (String label : vm.matchingLabels()) {
        if (vm.include().contains(label)) {
          throw error(
              opRange,
              "label " + GoQuote.quote(label) + " must not occur in ON and GROUP clause at once");
        }
      }
    }
    if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
      throw error(b.lhs(), "binary expression must contain only scalar and instant vector types");
    }
    if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
      throw error(b.rhs(), "binary expression must contain only scalar and instant vector types");
    }
    String op = GoQuote.quote(b.op().symbol());
    if (b.op().isSetOperator() && vm != null) {
      if (vm.cardinality() == Cardinality.ONE_TO_MANY
          || vm.cardinality() == Cardinality.MANY_TO_ONE) {
        throw error(b, "no grouping allowed for " + op + " operation");
      }
    }
    if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && b.op().isSetOperator()) {
      throw error(b, "set operator " + op + " not allowed in binary scalar expression");
    }
  }

  private void checkCall(Call c) {
    var fn = c.function();
    int n = c.args().size();
    String name = GoQuote.quote(fn.name());
    if (fn.variadic() == 0 && n != fn.argTypes().size()) {
      throw error(
          c, "expected " + fn.argTypes().size() + " argument(s) in call to " + name + ", got " + n);
    }
    if (fn.variadic() != 0 && n < fn.minArgs()) {
      throw error(
          c,
          "expected at least " + fn.minArgs() + " argument(s) in call to " + name + ", got " + n);
    }
    if (n > fn.maxArgs()) {
      throw error(
          c, "expected at most " + fn.maxArgs() + " argument(s) in call to " + name + ", got " + n);
    }
    boolean infoLabels = fn.name().equals("info") && n > 1;
    if (infoLabels) {
      Expr selector = c.args().get(1);
      if (selector.type() != ValueType.VECTOR) {
        throw error(
            c,
            "expected type instant vector in call to function "
                + name
                + ", got "
                + selector.type().documentedName());
      }
      if (!(selector instanceof VectorSelector vs)) {
        throw error(selector, "expected label selectors only");
      } else if (!vs.metricName().isEmpty()) {
        throw error(selector, "expected label selectors only, got vector selector instead");
      }
    }
    for (int i = 0; i < n; i++) {
      Expr arg = c.args().get(i);
      ValueType got;
      if (infoLabels && i == 1) {
        // info()'s second argument selects info metrics by label; it may match every series.
        VectorSelector vs = (VectorSelector) arg;
        checkSelector(vs, vs, true);
        got = ValueType.VECTOR;
      } else {
        got = check(arg);
      }
      ValueType want = fn.argType(i);
      if (got != want) {
        throw error(
            arg,
            "expected type "
                + want.documentedName()
                + " in call to function "
                + name
                + ", got "
                + got.documentedName());
      }
    }
  }

  private void checkSelector(VectorSelector v, Expr reportAt, boolean mayMatchEverything) {
    if (!v.metricName().isEmpty()) {
      for (LabelMatcher m : v.matchers()) {
        boolean implied =
            m.type() == dev.vigil.promql.ast.MatchType.EQUAL && m.value().equals(v.metricName());
        if (m.name().equals(LabelMatcher.METRIC_NAME) && !implied) {
          throw error(
              reportAt,
              "metric name must not be set twice: "
                  + GoQuote.quote(v.metricName())
                  + " or "
                  + GoQuote.quote(m.value()));
        }
      }
      return;
    }
    if (mayMatchEverything) {
      return;
    }
    boolean anyNonEmpty = v.matchers().stream().anyMatch(m -> !m.matchesEmpty());
    if (!anyNonEmpty) {
      throw error(reportAt, "vector selector must contain at least one non-empty matcher");
    }
  }

  private PositionRange position(Expr node) {
    PositionRange p = positions.get(node);
    if (p == null) {
      throw new IllegalStateException("BUG: no position recorded for " + node);
    }
    return p;
  }

  private ParseException error(Expr node, String message) {
    return error(position(node), message);
  }

  private ParseException error(PositionRange range, String message) {
    return new ParseException(input, range, message);
  }
}
