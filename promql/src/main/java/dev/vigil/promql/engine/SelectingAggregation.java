package dev.vigil.promql.engine;

import dev.vigil.promql.ast.AggregateExpr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * topk, bottomk, limitk and limit_ratio: aggregations that select input elements, keeping their
 * labels, rather than computing a value per group. For an instant query the output order is that of
 * Prometheus: groups in order of appearance, topk descending, bottomk ascending.
 */
final class SelectingAggregation {
  private final Evaluator ev;
  private final AggregateExpr a;
  private final List<StepSeries> in;
  private final int[] groupOf;
  private final int groups;
  private final double[] param;
  private final StepGrid grid;

  SelectingAggregation(
      Evaluator ev,
      AggregateExpr a,
      List<StepSeries> in,
      int[] groupOf,
      int groups,
      double[] param,
      StepGrid grid) {
    this.ev = ev;
    this.a = a;
    this.in = in;
    this.groupOf = groupOf;
    this.groups = groups;
    this.param = param;
    this.grid = grid;
  }

  private record Element(int series, double value) {}

  /** NaN sorts below every number for topk and above every number for bottomk. */
  private static final Comparator<Element> DESCENDING =
      (x, y) -> {
        boolean xn = Double.isNaN(x.value);
        boolean yn = Double.isNaN(y.value);
        if (xn || yn) {
          return Boolean.compare(xn, yn);
        }
        return Double.compare(y.value, x.value);
      };

  private static final Comparator<Element> ASCENDING =
      (x, y) -> {
        boolean xn = Double.isNaN(x.value);
        boolean yn = Double.isNaN(y.value);
        if (xn || yn) {
          return Boolean.compare(xn, yn);
        }
        return Double.compare(x.value, y.value);
      };

  List<StepSeries> run() {
    SeriesAccumulator acc = new SeriesAccumulator(ev.limits, grid.steps());
    StepCursor cursor = new StepCursor(in);
    List<List<Element>> perGroup = new ArrayList<>(groups);
    for (int g = 0; g < groups; g++) {
      perGroup.add(new ArrayList<>());
    }
    for (int step = 0; step < grid.steps(); step++) {
      ev.limits.checkDeadline();
      long t = grid.time(step);
      cursor.advance(t);
      if (cursor.count == 0) {
        continue;
      }
      double p = param[step];
      for (List<Element> g : perGroup) {
        g.clear();
      }
      for (int i = 0; i < cursor.count; i++) {
        perGroup.get(groupOf[cursor.index[i]]).add(new Element(cursor.index[i], cursor.value[i]));
      }
      for (List<Element> g : perGroup) {
        for (Element e : select(g, p)) {
          StepSeries s = in.get(e.series);
          acc.add(s.labels, s.dropName, t, e.value);
        }
      }
    }
    return acc.result();
  }

  private List<Element> select(List<Element> group, double p) {
    switch (a.op()) {
      case TOPK, BOTTOMK, LIMITK -> {
        long k = Math.min((long) p, in.size());
        if (k < 1 || group.isEmpty()) {
          return List.of();
        }
        if (a.op() == dev.vigil.promql.ast.AggregateOp.LIMITK) {
          return group.subList(0, (int) Math.min(k, group.size()));
        }
        return firstK(
            group,
            (int) Math.min(k, group.size()),
            a.op() == dev.vigil.promql.ast.AggregateOp.TOPK ? DESCENDING : ASCENDING);
      }
      case LIMIT_RATIO -> {
        if (p == 0) {
          return List.of();
        }
        double r = Math.max(-1, Math.min(1, p));
        List<Element> out = new ArrayList<>();
        for (Element e : group) {
          double offset = sampleOffset(in.get(e.series));
          if ((r >= 0 && offset < r) || (r < 0 && offset >= 1 + r)) {
            out.add(e);
          }
        }
        return out;
      }
      default -> throw new IllegalStateException("BUG: not a selecting aggregation: " + a.op());
    }
  }

  /**
   * The first {@code k} elements of a stable sort of {@code group} by {@code order}, kept in a
   * sorted array of {@code k} instead of sorting every element at every step: an element enters
   * only if it beats the worst kept one, and goes after the kept ones it ties with.
   */
  static <E> List<E> firstK(List<E> group, int k, Comparator<? super E> order) {
    if (k >= group.size() / 4) {
      List<E> sorted = new ArrayList<>(group);
      sorted.sort(order);
      return sorted.subList(0, k);
    }
    @SuppressWarnings("unchecked")
    E[] best = (E[]) new Object[k];
    int n = 0;
    for (E e : group) {
      if (n == k && order.compare(e, best[k - 1]) >= 0) {
        continue;
      }
      int i = n < k ? n++ : k - 1;
      while (i > 0 && order.compare(e, best[i - 1]) < 0) {
        best[i] = best[i - 1];
        i--;
      }
      best[i] = e;
    }
    return Arrays.asList(best).subList(0, n);
  }

  /**
   * Where a series falls in [0, 1) for limit_ratio: a stable function of its labels, so the same
   * series are kept at every step and {@code limit_ratio(r, x)} and {@code limit_ratio(-(1-r), x)}
   * split the series between them. Prometheus hashes with xxhash; the split here differs in which
   * series it picks, not in its properties.
   */
  private static double sampleOffset(StepSeries s) {
    long h = s.labels.hashCode() * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return (h >>> 11) * 0x1.0p-53;
  }
}
