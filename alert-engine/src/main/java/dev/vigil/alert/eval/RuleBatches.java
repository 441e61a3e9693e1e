package dev.vigil.alert.eval;

import dev.vigil.alert.QueryLanguage;
import dev.vigil.alert.rules.RecordingRule;
import dev.vigil.alert.rules.Rule;
import dev.vigil.model.series.Labels;
import dev.vigil.promql.ParseException;
import dev.vigil.promql.ParserOptions;
import dev.vigil.promql.PromQL;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.LabelMatcher;
import dev.vigil.promql.ast.MatchType;
import dev.vigil.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A group's rules cut into runs that are evaluated together ({@link
 * dev.vigil.alert.QueryFunction#prepareBatch}): consecutive PromQL rules none of which reads a
 * metric that an earlier rule of the run records. Rules are evaluated in order and each recording
 * writes before the next rule runs, so a rule reading what an earlier one just recorded must see
 * that write: it starts a new run. A rule whose selectors do not all name their metric may read
 * anything and starts a new run too. An SLO's seven window ratios make one run; the period's
 * roll-up, which reads the 5 m ratio, makes the next.
 */
final class RuleBatches {
  private RuleBatches() {}

  /** The runs, as indexes into {@code rules}, in order; every index is in exactly one run. */
  static List<List<Integer>> of(List<Rule> rules) {
    List<List<Integer>> out = new ArrayList<>();
    List<Integer> run = new ArrayList<>();
    Set<String> recorded = new HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      Set<String> reads = rule.language() == QueryLanguage.PROMQL ? metricsRead(rule.expr()) : null;
      if (reads == null || !Collections.disjoint(reads, recorded)) {
        flush(out, run, recorded);
      }
      run.add(i);
      if (rule instanceof RecordingRule r) {
        recorded.add(r.record());
      }
      if (rule.language() != QueryLanguage.PROMQL) {
        // LogQL goes through its own function, one rule at a time.
        flush(out, run, recorded);
      }
    }
    flush(out, run, recorded);
    return out;
  }

  private static void flush(List<List<Integer>> out, List<Integer> run, Set<String> recorded) {
    if (!run.isEmpty()) {
      out.add(List.copyOf(run));
      run.clear();
    }
    recorded.clear();
  }

  /** The metric names {@code expr} selects; null when it does not parse or a name is open. */
  static Set<String> metricsRead(String expr) {
    Expr parsed;
    try {
      parsed = PromQL.parse(expr, ParserOptions.WITH_EXPERIMENTAL_FUNCTIONS).expr();
    } catch (ParseException e) {
      return null;
    }
    Set<String> names = new HashSet<>();
    for (VectorSelector v : PromQL.selectors(parsed)) {
      if (!name(v, names)) {
        return null;
      }
    }
    return names;
  }

  private static boolean name(VectorSelector v, Set<String> names) {
    if (!v.metricName().isEmpty()) {
      names.add(v.metricName());
      return true;
    }
    for (LabelMatcher m : v.matchers()) {
      if (m.name().equals(Labels.METRIC_NAME) && m.type() == MatchType.EQUAL) {
        names.add(m.value());
        return true;
      }
    }
    return false;
  }
}
