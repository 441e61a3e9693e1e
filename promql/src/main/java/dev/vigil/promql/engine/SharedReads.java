package dev.vigil.promql.engine;

import dev.vigil.model.series.SampleRun;
import dev.vigil.model.series.Series;
import dev.vigil.promql.ParsedQuery;
import dev.vigil.promql.ast.AggregateExpr;
import dev.vigil.promql.ast.BinaryExpr;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.LabelMatcher;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.UnaryExpr;
import dev.vigil.promql.ast.ValueType;
import dev.vigil.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the queries of one batch ({@link Engine#instantQueries}) read together at one instant, over
 * one querier: each distinct selector is selected once, and every window the batch asks of it at
 * the top of a range function ({@code rate(x[5m])} … {@code rate(x[3d])}, as an SLO's rules do) is
 * folded in one pass over each series' runs, read once. Each window is folded exactly as a query on
 * its own folds it, so a batch answers bit for bit what its queries answer one by one. Not
 * thread-safe: one per batch.
 */
final class SharedReads {
  /** Per selector (with its modifiers): the ranges the batch's queries fold it over. */
  private final Map<VectorSelector, TreeSet<Long>> planned = new HashMap<>();

  /** By matchers alone: offsets and {@code @} move the windows, not the series. */
  private final Map<List<LabelMatcher>, List<Series>> selections = new HashMap<>();

  private final Map<VectorSelector, Map<Long, List<Selectors.SeriesFacts>>> folded =
      new HashMap<>();

  SharedReads(List<ParsedQuery> queries) {
    for (ParsedQuery q : queries) {
      plan(q.expr());
    }
  }

  /** Notes every range function over a plain matrix selector, outside subqueries. */
  private void plan(Expr e) {
    switch (e) {
      case Call c -> {
        if (RangeFunctions.factsBody(c.function().name()) != null) {
          for (Expr arg : c.args()) {
            if (arg.type() == ValueType.MATRIX
                && FunctionCalls.unwrap(arg) instanceof MatrixSelector m) {
              planned.computeIfAbsent(m.selector(), k -> new TreeSet<>()).add(m.range().toMillis());
              break;
            }
          }
        }
        c.args().forEach(this::plan);
      }
      case ParenExpr p -> plan(p.expr());
      case UnaryExpr u -> plan(u.expr());
      case BinaryExpr b -> {
        plan(b.lhs());
        plan(b.rhs());
      }
      case AggregateExpr a -> {
        if (a.parameter() != null) {
          plan(a.parameter());
        }
        plan(a.expr());
      }
      // A subquery steps its inner expression over many times: no single-instant windows there.
      default -> {}
    }
  }

  /** The selector's series, selected once for the batch (matchers and modifiers alike). */
  List<Series> selection(Selectors selectors, VectorSelector v) {
    List<Series> s = selections.get(v.matchers());
    if (s == null) {
      s = selectors.selectFromStore(v);
      selections.put(v.matchers(), s);
    }
    return s;
  }

  /**
   * The facts of {@code v}'s windows of {@code range} at {@code t}, or null when the batch did not
   * plan that window (the caller then folds it itself). The first request folds every planned range
   * of the selector.
   */
  List<Selectors.SeriesFacts> facts(
      Selectors selectors, VectorSelector v, long range, long t, Long at) {
    TreeSet<Long> ranges = planned.get(v);
    if (ranges == null || !ranges.contains(range)) {
      return null;
    }
    Map<Long, List<Selectors.SeriesFacts>> byRange = folded.get(v);
    if (byRange == null) {
      byRange = foldAll(selectors, v, ranges, t, at);
      folded.put(v, byRange);
    }
    return byRange.get(range);
  }

  private Map<Long, List<Selectors.SeriesFacts>> foldAll(
      Selectors selectors, VectorSelector v, TreeSet<Long> ranges, long t, Long at) {
    long ref = (at != null ? at : t) - v.offset().toMillis();
    List<Series> selected = selection(selectors, v);
    Map<Long, List<Selectors.SeriesFacts>> out = new HashMap<>();
    for (long range : ranges) {
      out.put(range, new ArrayList<>(selected.size()));
    }
    long shortestStart = ref - ranges.first();
    for (Series s : selected) {
      // The runs are listed once for every window of the series, and those inside the shortest
      // window, which every window reads, are read once.
      List<SampleRun> runs = s.runs();
      if (runs != null && ranges.size() > 1) {
        runs = new ArrayList<>(runs);
        for (int i = runs.size() - 1; i >= 0 && runs.get(i).maxTime() > shortestStart; i--) {
          if (runs.get(i).minTime() <= ref) {
            runs.set(i, new ReadOnceRun(runs.get(i)));
          }
        }
      }
      for (long range : ranges) {
        WindowFacts f = selectors.window(runs, s, ref - range, ref);
        if (f.count > 0) {
          out.get(range).add(new Selectors.SeriesFacts(s.labels(), f));
        }
      }
    }
    return out;
  }
}
