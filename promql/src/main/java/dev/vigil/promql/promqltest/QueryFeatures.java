package dev.vigil.promql.promqltest;

import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.promql.ParsedQuery;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds what in an eval lies outside the engine's scope: native histogram values expected or read,
 * and functions or aggregators Prometheus marks experimental.
 */
final class QueryFeatures {
  private QueryFeatures() {}

  /** Why the eval may legitimately fail here, or null if it must pass. */
  static String unsupported(EvalCommand eval, Set<Labels> histogramSeries) {
    if (eval.expected() instanceof ExpectedResult.Series s
        && s.series().stream().anyMatch(SeriesLine::hasUnsupportedValues)) {
      return "native histograms: expected result holds native histogram values";
    }
    ParsedQuery parsed = ScriptRunner.parseOrNull(eval.query());
    if (parsed == null) {
      return null;
    }
    List<String> reasons = new ArrayList<>();
    visit(parsed.expr(), histogramSeries, reasons);
    return reasons.isEmpty() ? null : reasons.get(0);
  }

  private static void visit(Expr e, Set<Labels> histograms, List<String> reasons) {
    switch (e) {
      case VectorSelector v -> selector(v, histograms, reasons);
      case MatrixSelector m -> selector(m.selector(), histograms, reasons);
      case SubqueryExpr s -> visit(s.expr(), histograms, reasons);
      case ParenExpr p -> visit(p.expr(), histograms, reasons);
      case UnaryExpr u -> visit(u.expr(), histograms, reasons);
      case BinaryExpr b -> {
        visit(b.lhs(), histograms, reasons);
        visit(b.rhs(), histograms, reasons);
      }
      case AggregateExpr a -> {
        if (a.op().isExperimental()) {
          reasons.add("experimental aggregator " + a.op().keyword());
        }
        if (a.parameter() != null) {
          visit(a.parameter(), histograms, reasons);
        }
        visit(a.expr(), histograms, reasons);
      }
      case Call c -> {
        if (c.function().experimental()) {
          reasons.add("experimental function " + c.function().name());
        }
        c.args().forEach(a -> visit(a, histograms, reasons));
      }
      case NumberLiteral n -> {}
      case StringLiteral s -> {}
    }
  }

  private static void selector(VectorSelector v, Set<Labels> histograms, List<String> reasons) {
    List<LabelMatcher> matchers = new ArrayList<>();
    for (dev.vigil.promql.ast.LabelMatcher m : v.matchers()) {
      matchers.add(
          LabelMatcher.of(LabelMatcher.Type.valueOf(m.type().name()), m.name(), m.value()));
    }
    for (Labels series : histograms) {
      if (matchers.stream().allMatch(m -> m.matches(series))) {
        reasons.add("native histograms: selects native histogram series " + series);
        return;
      }
    }
  }
}
