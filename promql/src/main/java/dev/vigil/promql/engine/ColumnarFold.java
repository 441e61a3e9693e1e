package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import dev.vigil.promql.ast.AggregateOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * sum, avg, count, min, max, group, stddev and stdvar over a range query, series by series rather
 * than step by step: each input series' points are added to its group's state for their step, so
 * the input is read in the order it lies in memory instead of visiting every series at every step.
 *
 * <p>The result is bit for bit {@link GroupState}'s: a group's state at one step still receives the
 * same values in the same order (the input's series order), only the steps are interleaved. The
 * state is one array per field, a block of steps at a time, so that many groups over many steps
 * stay within {@link #MAX_CELLS} cells.
 */
final class ColumnarFold {
  /** Group × step cells held at once: about 40 bytes each. */
  static final int MAX_CELLS = 1 << 18;

  private final AggregateOp op;
  private final QueryLimits limits;

  // One cell per (group, step of the block): cell = group * block + step - blockStart.
  private double[] value;
  private double[] comp;
  private double[] mean;
  private double[] count;
  private boolean[] seen;
  private boolean[] incremental;

  /** Whether the last {@link #addPoints} added a point. */
  private boolean added;

  private ColumnarFold(AggregateOp op, QueryLimits limits) {
    this.op = op;
    this.limits = limits;
  }

  /** Whether {@code op} folds without per-step parameters or all values of a step at once. */
  static boolean handles(AggregateOp op) {
    return switch (op) {
      case SUM, AVG, COUNT, MIN, MAX, GROUP, STDDEV, STDVAR -> true;
      default -> false;
    };
  }

  static List<StepSeries> fold(
      QueryLimits limits,
      AggregateOp op,
      List<StepSeries> in,
      int[] groupOf,
      List<Labels> groupLabels,
      StepGrid grid) {
    return new ColumnarFold(op, limits).run(in, groupOf, groupLabels, grid);
  }

  /**
   * A fold whose input streams in series by series, in the order the held input would list them
   * ({@link Evaluator#evalOrStream}): all steps are one block, and groups are numbered as they
   * first show, as {@link Aggregations} numbers them, so the result is bit for bit {@link #fold}'s
   * over the same series while only the group × step cells stay in memory.
   */
  static final class Streamed implements Consumer<StepSeries> {
    private final ColumnarFold fold;
    private final QueryLimits limits;
    private final StepGrid grid;
    private final List<String> grouping;
    private final boolean without;
    private final Map<Labels, Integer> groupIndex = new HashMap<>();
    private final List<Labels> groupLabels = new ArrayList<>();
    private boolean[] dropName;

    /** {@code groups}: how many groups to make room for first (more are made room for). */
    Streamed(
        QueryLimits limits,
        AggregateOp op,
        StepGrid grid,
        List<String> grouping,
        boolean without,
        int groups) {
      this.fold = new ColumnarFold(op, limits);
      this.limits = limits;
      this.grid = grid;
      this.grouping = grouping;
      this.without = without;
      int room = Math.max(1, groups);
      fold.allocate(room * grid.steps());
      dropName = new boolean[room];
    }

    @Override
    public void accept(StepSeries s) {
      limits.checkDeadline();
      int g;
      if (grouping.isEmpty() && !without && !groupLabels.isEmpty()) {
        g = 0; // no grouping: one group, whatever the labels
      } else {
        Labels key = Aggregations.groupingLabels(s.labels, grouping, without);
        Integer known = groupIndex.get(key);
        if (known == null) {
          g = groupLabels.size();
          groupIndex.put(key, g);
          groupLabels.add(key);
          if (g == dropName.length) {
            grow(2 * g);
          }
        } else {
          g = known;
        }
      }
      int steps = grid.steps();
      fold.addPoints(s, g * steps, 0, grid, 0, steps);
      if (fold.added) {
        dropName[g] |= s.dropName;
      }
    }

    private void grow(int groups) {
      int cells = groups * grid.steps();
      fold.value = Arrays.copyOf(fold.value, cells);
      fold.comp = Arrays.copyOf(fold.comp, cells);
      fold.mean = Arrays.copyOf(fold.mean, cells);
      fold.count = Arrays.copyOf(fold.count, cells);
      fold.seen = Arrays.copyOf(fold.seen, cells);
      fold.incremental = Arrays.copyOf(fold.incremental, cells);
      dropName = Arrays.copyOf(dropName, groups);
    }

    /** The groups' results, once every series was accepted. */
    List<StepSeries> finish() {
      int steps = grid.steps();
      StepSeries[] out = new StepSeries[groupLabels.size()];
      limits.addSamples(fold.emit(out, groupLabels, steps, 0, steps, grid));
      return result(out, dropName);
    }
  }

  private List<StepSeries> run(
      List<StepSeries> in, int[] groupOf, List<Labels> groupLabels, StepGrid grid) {
    int groups = groupLabels.size();
    int steps = grid.steps();
    int block = (int) Math.max(1, Math.min(steps, MAX_CELLS / Math.max(1, groups)));
    allocate(groups * block);
    boolean[] dropName = new boolean[groups];
    StepSeries[] out = new StepSeries[groups];
    int[] next = new int[in.size()];
    long points = 0;
    for (int b0 = 0; b0 < steps; b0 += block) {
      int b1 = Math.min(steps, b0 + block);
      Arrays.fill(seen, false);
      for (int i = 0; i < in.size(); i++) {
        limits.checkDeadline();
        StepSeries s = in.get(i);
        int g = groupOf[i];
        int j = next[i];
        next[i] = addPoints(s, g * block - b0, j, grid, b0, b1);
        if (added) {
          dropName[g] |= s.dropName;
        }
      }
      points += emit(out, groupLabels, block, b0, b1, grid);
    }
    limits.addSamples(points);
    return result(out, dropName);
  }

  private void allocate(int cells) {
    value = new double[cells];
    comp = new double[cells];
    mean = new double[cells];
    count = new double[cells];
    seen = new boolean[cells];
    incremental = new boolean[cells];
  }

  /**
   * Adds the points of {@code s} from index {@code j} that fall on the steps {@code [b0, b1)} to
   * their cells ({@code base + step}); returns the index of the first point after the block. A
   * point between steps is skipped, as the step-wise walk skips it. Sets {@link #added}.
   */
  private int addPoints(StepSeries s, int base, int j, StepGrid grid, int b0, int b1) {
    long[] ts = s.ts;
    double[] vs = s.vs;
    int size = s.size;
    long interval = grid.interval();
    long lastTime = grid.time(b1 - 1);
    // A step cursor instead of dividing each point's time by the interval (two 64-bit divisions a
    // point): points ascend, so the step a point may sit on only moves forward.
    int step = b0;
    long stepTime = grid.time(b0);
    added = false;
    for (; j < size && ts[j] <= lastTime; j++) {
      long t = ts[j];
      while (stepTime < t) {
        step++;
        stepTime += interval;
      }
      if (stepTime != t) {
        continue;
      }
      add(base + step, vs[j]);
      added = true;
    }
    return j;
  }

  /** Appends each group's results at the steps {@code [b0, b1)}; returns how many. */
  private long emit(
      StepSeries[] out, List<Labels> groupLabels, int block, int b0, int b1, StepGrid grid) {
    long points = 0;
    int steps = grid.steps();
    for (int g = 0; g < out.length; g++) {
      int base = g * block - b0;
      for (int step = b0; step < b1; step++) {
        int cell = base + step;
        if (!seen[cell]) {
          continue;
        }
        if (out[g] == null) {
          out[g] = new StepSeries(groupLabels.get(g), false, Math.min(steps, 1024));
        }
        out[g].add(grid.time(step), result(cell));
        points++;
      }
    }
    return points;
  }

  private static List<StepSeries> result(StepSeries[] out, boolean[] dropName) {
    List<StepSeries> result = new ArrayList<>();
    for (int g = 0; g < out.length; g++) {
      if (out[g] != null) {
        out[g].dropName = dropName[g];
        result.add(out[g]);
      }
    }
    return result;
  }

  /** {@link GroupState#add} on one cell. */
  private void add(int cell, double f) {
    if (!seen[cell]) {
      seen[cell] = true;
      value[cell] = f;
      mean[cell] = f;
      comp[cell] = 0;
      count[cell] = 1;
      incremental[cell] = false;
      switch (op) {
        case STDDEV, STDVAR ->
            value[cell] = Double.isNaN(f) || Double.isInfinite(f) ? Double.NaN : 0;
        case GROUP -> value[cell] = 1;
        default -> {}
      }
      return;
    }
    switch (op) {
      case SUM -> value[cell] = kahan(f, value[cell], cell);
      case AVG -> {
        double n = ++count[cell];
        if (!incremental[cell]) {
          double c0 = comp[cell];
          double sum = kahan(f, value[cell], cell);
          if (!Double.isInfinite(sum)) {
            value[cell] = sum;
            return;
          }
          comp[cell] = c0;
          incremental[cell] = true;
          mean[cell] = value[cell] / (n - 1);
          comp[cell] /= n - 1;
        }
        double q = (n - 1) / n;
        comp[cell] = q * comp[cell];
        mean[cell] = kahan(f / n, q * mean[cell], cell);
      }
      case MAX -> {
        if (value[cell] < f || Double.isNaN(value[cell])) {
          value[cell] = f;
        }
      }
      case MIN -> {
        if (value[cell] > f || Double.isNaN(value[cell])) {
          value[cell] = f;
        }
      }
      case COUNT -> count[cell]++;
      case GROUP -> {}
      case STDDEV, STDVAR -> {
        double n = ++count[cell];
        double delta = f - mean[cell];
        mean[cell] += delta / n;
        value[cell] += delta * (f - mean[cell]);
      }
      default -> throw new IllegalStateException("BUG: columnar fold of " + op);
    }
  }

  /** {@link Kahan#inc} with the compensation in {@code comp[cell]}. */
  private double kahan(double inc, double sum, int cell) {
    double t = sum + inc;
    if (Double.isInfinite(t)) {
      comp[cell] = 0;
    } else if (Math.abs(sum) >= Math.abs(inc)) {
      comp[cell] += (sum - t) + inc;
    } else {
      comp[cell] += (inc - t) + sum;
    }
    return t;
  }

  /** {@link GroupState#result} of one cell. */
  private double result(int cell) {
    return switch (op) {
      case AVG ->
          incremental[cell]
              ? mean[cell] + comp[cell]
              : value[cell] / count[cell] + comp[cell] / count[cell];
      case SUM -> Double.isInfinite(value[cell]) ? value[cell] : value[cell] + comp[cell];
      case COUNT -> count[cell];
      case STDVAR -> value[cell] / count[cell];
      case STDDEV -> Math.sqrt(value[cell] / count[cell]);
      default -> value[cell];
    };
  }
}
