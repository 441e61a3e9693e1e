package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.series.Labels;
import dev.vigil.promql.ast.AggregateOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The series-by-series fold must give, bit for bit, what {@link GroupState} gives step by step: on
 * random series with gaps, points off the grid, NaN, infinities, -0 and values large enough to
 * overflow a sum (so avg switches to its incremental mean), over grids that fit one block of cells
 * and grids that need several.
 */
class ColumnarFoldTest {

  private static final double[] POOL = {
    0.0,
    -0.0,
    1,
    -1,
    2.5,
    1e308,
    -1e308,
    Double.MAX_VALUE,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    1e-300,
    7
  };

  @ParameterizedTest
  @EnumSource(
      value = AggregateOp.class,
      names = {"SUM", "AVG", "COUNT", "MIN", "MAX", "GROUP", "STDDEV", "STDVAR"})
  void equalsTheStepwiseFold(AggregateOp op) {
    long seed = Long.getLong("seed", System.nanoTime());
    Random random = new Random(seed);
    for (int round = 0; round < 40; round++) {
      boolean manyCells = round % 8 == 7;
      int steps = manyCells ? 700 + random.nextInt(300) : 1 + random.nextInt(120);
      int groups = manyCells ? 400 + random.nextInt(200) : 1 + random.nextInt(12);
      StepGrid grid = new StepGrid(1_000_000, 1_000_000 + (steps - 1) * 60_000L, 60_000);
      int seriesCount = groups + random.nextInt(groups * 3 + 1);
      List<StepSeries> in = new ArrayList<>();
      int[] groupOf = new int[seriesCount];
      for (int i = 0; i < seriesCount; i++) {
        groupOf[i] = i < groups ? i : random.nextInt(groups);
        StepSeries s = new StepSeries(Labels.of("i", Integer.toString(i)), random.nextBoolean(), 8);
        boolean large = random.nextInt(4) == 0;
        for (int step = 0; step < steps; step++) {
          if (random.nextInt(5) == 0) {
            continue; // a gap
          }
          long t = grid.time(step);
          if (random.nextInt(50) == 0) {
            s.add(t - 1 - random.nextInt(59_000), 3); // off the grid: no step reads it
          }
          double v =
              large
                  ? POOL[random.nextInt(POOL.length)]
                  : random.nextInt(3) == 0 ? random.nextGaussian() * 1e6 : random.nextInt(100);
          s.add(t, v);
        }
        in.add(s);
      }
      List<Labels> groupLabels = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        groupLabels.add(Labels.of("g", Integer.toString(g)));
      }
      List<StepSeries> got =
          ColumnarFold.fold(
              new QueryLimits(EngineOptions.DEFAULTS), op, in, groupOf, groupLabels, grid);
      List<StepSeries> want = stepwise(op, in, groupOf, groupLabels, grid);
      assertThat(got).as("seed %d round %d: groups", seed, round).hasSameSizeAs(want);
      for (int g = 0; g < want.size(); g++) {
        StepSeries w = want.get(g);
        StepSeries o = got.get(g);
        String what = "seed " + seed + " round " + round + " " + w.labels;
        assertThat(o.labels).as(what).isEqualTo(w.labels);
        assertThat(o.dropName).as(what).isEqualTo(w.dropName);
        assertThat(o.size).as(what).isEqualTo(w.size);
        for (int k = 0; k < w.size; k++) {
          assertThat(o.ts[k]).as(what).isEqualTo(w.ts[k]);
          // doubleToLongBits: every NaN is one NaN, as the JVM does not promise a NaN's bits.
          assertThat(Double.doubleToLongBits(o.vs[k]))
              .as("%s at %d: %s vs %s", what, w.ts[k], o.vs[k], w.vs[k])
              .isEqualTo(Double.doubleToLongBits(w.vs[k]));
        }
      }
    }
  }

  /** The step-major walk the engine used before, with one GroupState per group. */
  private static List<StepSeries> stepwise(
      AggregateOp op, List<StepSeries> in, int[] groupOf, List<Labels> groupLabels, StepGrid grid) {
    GroupState[] state = new GroupState[groupLabels.size()];
    StepSeries[] out = new StepSeries[state.length];
    for (int g = 0; g < state.length; g++) {
      state[g] = new GroupState(op);
    }
    StepCursor cursor = new StepCursor(in);
    for (int step = 0; step < grid.steps(); step++) {
      long t = grid.time(step);
      cursor.advance(t);
      for (GroupState s : state) {
        s.reset();
      }
      for (int i = 0; i < cursor.count; i++) {
        state[groupOf[cursor.index[i]]].add(cursor.value[i], cursor.series(i).dropName);
      }
      for (int g = 0; g < state.length; g++) {
        if (state[g].seen) {
          if (out[g] == null) {
            out[g] = new StepSeries(groupLabels.get(g), false, 8);
          }
          out[g].dropName |= state[g].dropName;
          out[g].add(t, state[g].result(Double.NaN));
        }
      }
    }
    List<StepSeries> result = new ArrayList<>();
    for (StepSeries s : out) {
      if (s != null) {
        result.add(s);
      }
    }
    return result;
  }
}
