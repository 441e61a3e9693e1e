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
import java.util.IdentityHashMap;
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
  /** Per selector (with its modifiers), by value: what the batch does with it. */
  private final Map<VectorSelector, Plan> planned = new HashMap<>();

  /**
   * The same plans by the batch's own selector nodes, which the evaluation passes back: an identity
   * lookup instead of hashing and comparing a selector's matchers at every window of every group.
   */
  private final Map<VectorSelector, Plan> byNode = new IdentityHashMap<>();

  /** By matchers alone: offsets and {@code @} move the windows, not the series. */
  private final Map<List<LabelMatcher>, List<Series>> selections = new HashMap<>();

  /** One planned selector: its windows, how they may fold, and the folds once made. */
  private static final class Plan {
    /** The ranges the batch's queries fold it over. */
    final TreeSet<Long> ranges = new TreeSet<>();

    /**
     * Whether every function the batch applies to it needs only the counter facts ({@link
     * RangeFunctions#countersSuffice}), so its windows fold by binary search.
     */
    boolean countersOnly = true;

    /** The folded windows by range, once the first is asked for; null until then. */
    Map<Long, List<Selectors.SeriesFacts>> folded;

    /** The reference time the windows were folded at. */
    long foldedAt;
  }

  /**
   * Each series' folded windows and its runs as {@link #runs} lists them, by the series object:
   * selectors of the batch that share series share their folds and reads.
   */
  private Map<Series, SeriesWindows> windowsBySeries;

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
              Plan p = planned.computeIfAbsent(m.selector(), k -> new Plan());
              byNode.put(m.selector(), p);
              p.ranges.add(m.range().toMillis());
              p.countersOnly &= RangeFunctions.countersSuffice(c.function().name());
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

  /**
   * The selector's series, selected once for the batch (matchers and modifiers alike). A selector
   * whose matchers include all of a broader one's that the batch also reads (an SLO's errors, its
   * total with {@code code=~"5.."}) takes the broader one's series that its other matchers accept,
   * in the same order: the same series, and the same objects, without asking the store again.
   */
  List<Series> selection(Selectors selectors, VectorSelector v) {
    List<Series> s = selections.get(v.matchers());
    if (s != null) {
      return s;
    }
    VectorSelector broader = broadest(v.matchers());
    if (broader == null) {
      s = selectors.selectFromStore(v);
    } else {
      List<dev.vigil.model.series.LabelMatcher> extra = new ArrayList<>();
      for (LabelMatcher m : v.matchers()) {
        if (!broader.matchers().contains(m)) {
          extra.add(Selectors.toModel(m));
        }
      }
      s = new ArrayList<>();
      for (Series candidate : selection(selectors, broader)) {
        if (matchesAll(extra, candidate)) {
          s.add(candidate);
        }
      }
    }
    selections.put(v.matchers(), s);
    return s;
  }

  /** The planned selector with the fewest matchers that are all among {@code matchers}. */
  private VectorSelector broadest(List<LabelMatcher> matchers) {
    VectorSelector best = null;
    for (VectorSelector candidate : planned.keySet()) {
      List<LabelMatcher> c = candidate.matchers();
      if (c.size() < matchers.size()
          && matchers.containsAll(c)
          && (best == null || c.size() < best.matchers().size())) {
        best = candidate;
      }
    }
    return best;
  }

  private static boolean matchesAll(List<dev.vigil.model.series.LabelMatcher> matchers, Series s) {
    for (dev.vigil.model.series.LabelMatcher m : matchers) {
      if (!m.matches(s.labels())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The facts of {@code v}'s windows of {@code range} at {@code t}, or null when the batch did not
   * plan that window (the caller then folds it itself). The first request folds every planned range
   * of the selector.
   */
  List<Selectors.SeriesFacts> facts(
      Selectors selectors, VectorSelector v, long range, long t, Long at) {
    Plan plan = byNode.get(v);
    if (plan == null) {
      plan = planned.get(v);
    }
    if (plan == null || !plan.ranges.contains(range)) {
      return null;
    }
    long ref = (at != null ? at : t) - v.offset().toMillis();
    if (plan.folded == null) {
      plan.folded = foldAll(selectors, v, plan, ref);
      plan.foldedAt = ref;
    } else if (plan.foldedAt != ref) {
      return null; // folded for another instant: the batch's windows are all at one
    }
    return plan.folded.get(range);
  }

  private Map<Long, List<Selectors.SeriesFacts>> foldAll(
      Selectors selectors, VectorSelector v, Plan plan, long ref) {
    TreeSet<Long> ranges = plan.ranges;
    List<Series> selected = selection(selectors, v);
    boolean counters = plan.countersOnly;
    // Unboxed once: this loop runs for every series and window of every SLO at every tick.
    long[] windows = new long[ranges.size()];
    int w = 0;
    for (long range : ranges) {
      windows[w++] = range;
    }
    List<List<Selectors.SeriesFacts>> lists = new ArrayList<>(windows.length);
    for (int i = 0; i < windows.length; i++) {
      lists.add(new ArrayList<>(selected.size()));
    }
    if (windowsBySeries == null) {
      // Sized for the first selection: the broadest one (an SLO's total) usually comes first.
      windowsBySeries = new IdentityHashMap<>(Math.max(16, selected.size()));
    }
    for (Series s : selected) {
      SeriesWindows own = windowsBySeries.get(s);
      if (own == null) {
        own = new SeriesWindows(windows.length);
        read(own, s, ref, windows);
        windowsBySeries.put(s, own);
      }
      for (int i = 0; i < windows.length; i++) {
        // A series two selectors share (an SLO's errors are among its total's series) is folded
        // once per window; full facts serve a counters-only reader, not the other way round.
        WindowFacts f = own.get(ref, windows[i]);
        if (f == null || (f.countersOnly() && !counters)) {
          f =
              selectors.window(
                  own.runs, own.minTimes, own.maxTimes, s, ref - windows[i], ref, counters);
          own.put(ref, windows[i], f);
        }
        if (f.count > 0) {
          lists.get(i).add(new Selectors.SeriesFacts(s.labels(), f));
        }
      }
    }
    Map<Long, List<Selectors.SeriesFacts>> out = new HashMap<>();
    for (int i = 0; i < windows.length; i++) {
      out.put(windows[i], lists.get(i));
    }
    return out;
  }

  /**
   * One series' folded windows {@code (ref - range, ref]}: a batch asks a handful (an SLO's seven),
   * so a linear search over two arrays, not a map of boxed keys per series.
   */
  private static final class SeriesWindows {
    /** The series' runs, listed once for the batch ({@link #read}); null if the store has none. */
    private SampleRun[] runs;

    /** The runs' bounds, read once: every window of the batch walks them. */
    private long[] minTimes;

    private long[] maxTimes;

    private long[] refs;
    private long[] ranges;
    private WindowFacts[] facts;
    private int size;

    SeriesWindows(int expected) {
      refs = new long[expected];
      ranges = new long[expected];
      facts = new WindowFacts[expected];
    }

    WindowFacts get(long ref, long range) {
      for (int i = 0; i < size; i++) {
        if (ranges[i] == range && refs[i] == ref) {
          return facts[i];
        }
      }
      return null;
    }

    void put(long ref, long range, WindowFacts f) {
      for (int i = 0; i < size; i++) {
        if (ranges[i] == range && refs[i] == ref) {
          facts[i] = f;
          return;
        }
      }
      if (size == facts.length) {
        int n = Math.max(4, size * 2);
        refs = java.util.Arrays.copyOf(refs, n);
        ranges = java.util.Arrays.copyOf(ranges, n);
        facts = java.util.Arrays.copyOf(facts, n);
      }
      refs[size] = ref;
      ranges[size] = range;
      facts[size++] = f;
    }
  }

  /**
   * Lists the series' runs once for the batch into {@code w}, with their bounds, and the runs at
   * the edges of the windows (and so the newest, which every window reads) wrapped to be read at
   * most once: a series that two selectors share (errors and total) or that several windows cut is
   * decoded once per batch.
   */
  private static void read(SeriesWindows w, Series s, long ref, long[] ranges) {
    List<SampleRun> list = s.runs();
    if (list == null) {
      return;
    }
    SampleRun[] runs = list.toArray(new SampleRun[0]); // a copy: edges are replaced in it
    long[] minTimes = Selectors.minTimes(runs);
    long[] maxTimes = Selectors.maxTimes(runs);
    long earliest = ref - ranges[ranges.length - 1];
    for (int i = runs.length - 1; i >= 0 && maxTimes[i] > earliest; i--) {
      if (edge(minTimes[i], maxTimes[i], ref, ranges)) {
        runs[i] = new ReadOnceRun(runs[i], minTimes[i], maxTimes[i]);
      }
    }
    w.runs = runs;
    w.minTimes = minTimes;
    w.maxTimes = maxTimes;
  }

  /** Whether some window {@code (ref - range, ref]} reads the run's samples, not its summary. */
  private static boolean edge(long minTime, long maxTime, long ref, long[] ranges) {
    if (minTime > ref) {
      return false;
    }
    for (long range : ranges) {
      long start = ref - range;
      if (maxTime > start && !(minTime > start && maxTime <= ref)) {
        return true;
      }
    }
    return false;
  }
}
