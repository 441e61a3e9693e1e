package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import dev.vigil.promql.ast.BinaryExpr;
import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.ast.ValueType;
import dev.vigil.promql.ast.VectorMatching;
import dev.vigil.promql.ast.VectorMatching.Cardinality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binary operators: scalar/scalar and vector/scalar element-wise, vector/vector step by step with
 * Prometheus' vector matching (on/ignoring, group_left/group_right, set operators).
 */
final class BinaryOperations {
  private final Evaluator ev;

  BinaryOperations(Evaluator ev) {
    this.ev = ev;
  }

  List<StepSeries> eval(BinaryExpr b, StepGrid grid) {
    boolean lhsScalar = b.lhs().type() == ValueType.SCALAR;
    boolean rhsScalar = b.rhs().type() == ValueType.SCALAR;
    if (lhsScalar && rhsScalar) {
      double[] l = ev.scalarArg(b.lhs(), grid);
      double[] r = ev.scalarArg(b.rhs(), grid);
      StepSeries out = new StepSeries(Labels.EMPTY, false, l.length);
      for (int i = 0; i < l.length; i++) {
        out.add(grid.time(i), scalarOp(b.op(), l[i], r[i]));
      }
      return List.of(out);
    }
    if (lhsScalar || rhsScalar) {
      return vectorScalar(b, grid, rhsScalar);
    }
    List<StepSeries> lhs = ev.eval(b.lhs(), grid);
    List<StepSeries> rhs = ev.eval(b.rhs(), grid);
    VectorMatching matching =
        b.matching() == null ? VectorMatching.defaultFor(b.op()) : b.matching();
    return new VectorMatcher(b, matching, lhs, rhs, grid).run();
  }

  private List<StepSeries> vectorScalar(BinaryExpr b, StepGrid grid, boolean scalarOnRight) {
    List<StepSeries> vector;
    double[] scalar;
    if (scalarOnRight) {
      vector = ev.eval(b.lhs(), grid);
      scalar = ev.scalarArg(b.rhs(), grid);
    } else {
      scalar = ev.scalarArg(b.lhs(), grid);
      vector = ev.eval(b.rhs(), grid);
    }
    BinaryOp op = b.op();
    boolean comparison = op.isComparison();
    List<StepSeries> out = new ArrayList<>(vector.size());
    for (StepSeries s : vector) {
      StepSeries o = new StepSeries(s.labels, s.dropName || b.returnBool() || !comparison, s.size);
      for (int i = 0; i < s.size; i++) {
        double x = s.vs[i];
        double k = scalar[Evaluator.stepIndex(grid, s.ts[i])];
        double l = scalarOnRight ? x : k;
        double r = scalarOnRight ? k : x;
        if (comparison) {
          boolean keep = compare(op, l, r);
          if (b.returnBool()) {
            o.add(s.ts[i], keep ? 1 : 0);
          } else if (keep) {
            o.add(s.ts[i], x);
          }
        } else {
          o.add(s.ts[i], arithmetic(op, l, r));
        }
      }
      if (o.size > 0) {
        out.add(o);
      }
    }
    return out;
  }

  static double scalarOp(BinaryOp op, double l, double r) {
    if (op.isComparison()) {
      return compare(op, l, r) ? 1 : 0;
    }
    return arithmetic(op, l, r);
  }

  static boolean compare(BinaryOp op, double l, double r) {
    return switch (op) {
      case EQL -> l == r;
      case NEQ -> l != r;
      case GTR -> l > r;
      case LSS -> l < r;
      case GTE -> l >= r;
      case LTE -> l <= r;
      default -> throw new IllegalStateException("BUG: not a comparison: " + op);
    };
  }

  static double arithmetic(BinaryOp op, double l, double r) {
    return switch (op) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> l / r;
      case POW -> Math.pow(l, r);
      case MOD -> goMod(l, r);
      case ATAN2 -> Math.atan2(l, r);
      default ->
          throw new QueryExecutionException(
              "operator \"" + op.symbol() + "\" not allowed for float operations");
    };
  }

  /** Go's math.Mod: the sign follows the dividend, like Java's %, including NaN and Inf cases. */
  private static double goMod(double l, double r) {
    return l % r;
  }

  /** Signature of a series for matching: the on() labels, or all but the ignoring() ones. */
  static Labels signature(Labels labels, VectorMatching m) {
    Labels.Builder b = Labels.builder();
    if (m.on()) {
      for (String name : m.matchingLabels()) {
        b.set(name, labels.get(name));
      }
      return b.build();
    }
    b = labels.toBuilder().remove(Labels.METRIC_NAME);
    for (String name : m.matchingLabels()) {
      b.remove(name);
    }
    return b.build();
  }

  /** One vector/vector operation: signatures computed once, then matched step by step. */
  private final class VectorMatcher {
    private final BinaryExpr b;
    private final VectorMatching m;
    private final List<StepSeries> lhs;
    private final List<StepSeries> rhs;
    private final StepGrid grid;
    private final int[] lhsSig;
    private final int[] rhsSig;
    private final List<Labels> sigLabels = new ArrayList<>();
    private final Map<Long, Labels> resultLabels = new HashMap<>();

    VectorMatcher(
        BinaryExpr b, VectorMatching m, List<StepSeries> lhs, List<StepSeries> rhs, StepGrid grid) {
      this.b = b;
      this.m = m;
      this.lhs = lhs;
      this.rhs = rhs;
      this.grid = grid;
      Map<Labels, Integer> ordinals = new HashMap<>();
      this.lhsSig = signatures(lhs, ordinals);
      this.rhsSig = signatures(rhs, ordinals);
    }

    private int[] signatures(List<StepSeries> side, Map<Labels, Integer> ordinals) {
      int[] out = new int[side.size()];
      for (int i = 0; i < out.length; i++) {
        Labels sig = signature(side.get(i).labels, m);
        Integer ord = ordinals.get(sig);
        if (ord == null) {
          ord = ordinals.size();
          ordinals.put(sig, ord);
          sigLabels.add(sig);
        }
        out[i] = ord;
      }
      return out;
    }

    List<StepSeries> run() {
      StepCursor l = new StepCursor(lhs);
      StepCursor r = new StepCursor(rhs);
      SeriesAccumulator acc = new SeriesAccumulator(ev.limits, grid.steps());
      int sigs = sigLabels.size();
      boolean[] present = new boolean[sigs];
      int[] rightAt = new int[sigs];
      for (int step = 0; step < grid.steps(); step++) {
        ev.limits.checkDeadline();
        long t = grid.time(step);
        l.advance(t);
        r.advance(t);
        Arrays.fill(present, false);
        switch (b.op()) {
          case AND -> {
            if (l.count == 0 || r.count == 0) {
              continue;
            }
            for (int j = 0; j < r.count; j++) {
              present[rhsSig[r.index[j]]] = true;
            }
            for (int i = 0; i < l.count; i++) {
              if (present[lhsSig[l.index[i]]]) {
                StepSeries s = l.series(i);
                acc.add(s.labels, s.dropName, t, l.value[i]);
              }
            }
          }
          case OR -> {
            for (int i = 0; i < l.count; i++) {
              present[lhsSig[l.index[i]]] = true;
              StepSeries s = l.series(i);
              acc.add(s.labels, s.dropName, t, l.value[i]);
            }
            for (int j = 0; j < r.count; j++) {
              if (!present[rhsSig[r.index[j]]]) {
                StepSeries s = r.series(j);
                acc.add(s.labels, s.dropName, t, r.value[j]);
              }
            }
          }
          case UNLESS -> {
            for (int j = 0; j < r.count; j++) {
              present[rhsSig[r.index[j]]] = true;
            }
            for (int i = 0; i < l.count; i++) {
              if (!present[lhsSig[l.index[i]]]) {
                StepSeries s = l.series(i);
                acc.add(s.labels, s.dropName, t, l.value[i]);
              }
            }
          }
          default -> {
            if (l.count == 0 || r.count == 0) {
              continue;
            }
            if (m.cardinality() == Cardinality.ONE_TO_MANY) {
              match(t, r, rhs, rhsSig, l, lhs, lhsSig, present, rightAt, acc, true);
            } else {
              match(t, l, lhs, lhsSig, r, rhs, rhsSig, present, rightAt, acc, false);
            }
          }
        }
      }
      return acc.result();
    }

    /**
     * Pairs the "many" side with the "one" side at one step. For one-to-many the sides are swapped,
     * and {@code swapped} restores operand order for the operator.
     */
    private void match(
        long t,
        StepCursor many,
        List<StepSeries> manySeries,
        int[] manySig,
        StepCursor one,
        List<StepSeries> oneSeries,
        int[] oneSig,
        boolean[] present,
        int[] oneAt,
        SeriesAccumulator acc,
        boolean swapped) {
      for (int j = 0; j < one.count; j++) {
        int sig = oneSig[one.index[j]];
        if (present[sig]) {
          StepSeries dup = oneSeries.get(oneAt[sig]);
          StepSeries cur = one.series(j);
          String a = GoFormat.labels(cur.labels);
          String c = GoFormat.labels(dup.labels);
          if (a.compareTo(c) > 0) {
            String x = a;
            a = c;
            c = x;
          }
          throw new QueryExecutionException(
              "found duplicate series for the match group "
                  + GoFormat.labels(matchLabels(cur.labels))
                  + " on the "
                  + (swapped ? "left" : "right")
                  + " hand-side of the operation: ["
                  + a
                  + ", "
                  + c
                  + "];many-to-many matching not allowed: matching labels must be unique on one"
                  + " side");
        }
        present[sig] = true;
        oneAt[sig] = one.index[j];
      }
      // Values of the "one" side by signature, for this step.
      double[] oneValue = new double[present.length];
      for (int j = 0; j < one.count; j++) {
        oneValue[oneSig[one.index[j]]] = one.value[j];
      }
      boolean oneToOne = m.cardinality() == Cardinality.ONE_TO_ONE;
      boolean[] matched = oneToOne ? new boolean[present.length] : null;
      Map<Integer, Set<Labels>> inserted = oneToOne ? null : new HashMap<>();
      BinaryOp op = b.op();
      for (int i = 0; i < many.count; i++) {
        int mi = many.index[i];
        int sig = manySig[mi];
        if (!present[sig]) {
          continue;
        }
        double ml = many.value[i];
        double or = oneValue[sig];
        double lv = swapped ? or : ml;
        double rv = swapped ? ml : or;
        StepSeries manyS = manySeries.get(mi);
        StepSeries oneS = oneSeries.get(oneAt[sig]);
        Labels result = resultLabels(manyS, oneS, mi, oneAt[sig], swapped);
        if (oneToOne) {
          if (matched[sig]) {
            throw new QueryExecutionException(
                "multiple matches for labels: many-to-one matching must be explicit"
                    + " (group_left/group_right)");
          }
          matched[sig] = true;
        } else if (!inserted.computeIfAbsent(sig, k -> new HashSet<>()).add(result)) {
          throw new QueryExecutionException(
              "multiple matches for labels: grouping labels must ensure unique matches");
        }
        double value;
        boolean keep;
        if (op.isComparison()) {
          keep = compare(op, lv, rv);
          value = lv;
        } else {
          keep = true;
          value = arithmetic(op, lv, rv);
        }
        if (b.returnBool()) {
          acc.add(result, true, t, keep ? 1 : 0);
        } else if (keep) {
          acc.add(result, false, t, value);
        }
      }
    }

    private Labels matchLabels(Labels labels) {
      Labels.Builder out = Labels.builder();
      Set<String> names = new HashSet<>(m.matchingLabels());
      for (int i = 0; i < labels.size(); i++) {
        String name = labels.name(i);
        boolean listed = names.contains(name);
        if (m.on() == listed && (m.on() || !name.equals(Labels.METRIC_NAME))) {
          out.set(name, labels.value(i));
        }
      }
      return out.build();
    }

    /** The labels of a result: the "many" side's, trimmed by matching, plus group_x includes. */
    private Labels resultLabels(
        StepSeries many, StepSeries one, int manyIndex, int oneIndex, boolean swapped) {
      long key = ((long) manyIndex << 32) | (oneIndex & 0xffffffffL);
      Labels cached = resultLabels.get(key);
      if (cached != null) {
        return cached;
      }
      Labels.Builder lb = many.labels.toBuilder();
      BinaryOp op = b.op();
      if (!op.isComparison()) {
        lb.remove(Labels.METRIC_NAME);
      }
      if (m.cardinality() == Cardinality.ONE_TO_ONE) {
        if (m.on()) {
          Labels keep = many.labels;
          lb = Labels.builder();
          for (String name : m.matchingLabels()) {
            if (!op.isComparison() && name.equals(Labels.METRIC_NAME)) {
              continue;
            }
            lb.set(name, keep.get(name));
          }
        } else {
          for (String name : m.matchingLabels()) {
            lb.remove(name);
          }
        }
      }
      for (String name : m.include()) {
        lb.set(name, one.labels.get(name));
      }
      Labels result = lb.build();
      resultLabels.put(key, result);
      return result;
    }
  }
}
