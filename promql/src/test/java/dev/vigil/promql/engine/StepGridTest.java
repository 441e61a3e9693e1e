package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link StepGrid#stepsReaching} never undercounts the steps a series' samples can give a point
 * (its output would have to grow) and counts exactly on a regular grid, against a count of every
 * step.
 */
class StepGridTest {
  @Test
  void stepsReachingIsTheCountOfStepsWhoseWindowCanHoldASample() {
    Random rnd = new Random(17);
    for (int i = 0; i < 20_000; i++) {
      long interval = 1 + rnd.nextInt(120_000);
      long start = rnd.nextLong(-1_000_000, 1_000_000_000);
      int steps = rnd.nextInt(3) == 0 ? 1 : 1 + rnd.nextInt(2000);
      StepGrid grid = new StepGrid(start, start + (steps - 1) * interval, interval);
      long first = start + rnd.nextLong(-5_000_000, steps * interval + 5_000_000);
      long last = first + (rnd.nextBoolean() ? 0 : rnd.nextLong(0, steps * interval));
      long reach = 1 + rnd.nextLong(600_000);
      long offset = rnd.nextInt(4) == 0 ? rnd.nextLong(-3_600_000, 3_600_000) : 0;
      Long at = rnd.nextInt(10) == 0 ? start + rnd.nextLong(0, 1_000_000) : null;
      int expected = 0;
      for (int s = 0; s < grid.steps(); s++) {
        long ref = (at != null ? at : grid.time(s)) - offset;
        if (ref >= first && ref < last + reach) {
          expected++;
        }
      }
      int got = grid.stepsReaching(first, last, reach, offset, at);
      assertThat(got).as("case %d", i).isGreaterThanOrEqualTo(Math.max(expected, 1));
      if (at == null && steps > 1) {
        assertThat(got).as("case %d, regular grid", i).isEqualTo(Math.max(expected, 1));
      }
    }
  }
}
