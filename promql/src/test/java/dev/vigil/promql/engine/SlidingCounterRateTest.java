package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sliding rate and increase must give the bits the window-by-window computation gives, on
 * counters with frequent resets, NaN and infinities, and windows that grow, shrink, skip and move
 * back, series after series in one reused pair of arrays (as a streamed matrix selector hands them
 * over) with a {@link SlidingCounterRate#reset} between them.
 */
class SlidingCounterRateTest {

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void slidingEqualsEachWindow(boolean isRate) {
    long seed = Long.getLong("seed", System.nanoTime());
    Random random = new Random(seed);
    SlidingCounterRate sliding = new SlidingCounterRate(isRate);
    Window w = new Window();
    w.t = new long[205];
    w.v = new double[w.t.length];
    for (int series = 0; series < 300; series++) {
      int n = 2 + random.nextInt(200);
      sliding.reset();
      double c = random.nextInt(100);
      for (int i = 0; i < n; i++) {
        w.t[i] = i * 15_000L + random.nextInt(3);
        int r = random.nextInt(20);
        c =
            r == 0
                ? random.nextInt(5)
                : r == 1
                    ? Double.NaN
                    : r == 2
                        ? Double.POSITIVE_INFINITY
                        : (Double.isNaN(c) || Double.isInfinite(c) ? 0 : c)
                            + random.nextInt(7) * 0.1;
        w.v[i] = c;
      }
      int width = 2 + random.nextInt(30);
      int lo = 0;
      for (int hi = 2; hi <= n; hi += 1 + random.nextInt(3)) {
        lo = Math.max(lo, Math.min(hi - 2, hi - width + random.nextInt(3)));
        if (random.nextInt(50) == 0) {
          lo = random.nextInt(hi - 1); // a window that moves back restarts the search
        }
        w.from = lo;
        w.to = hi;
        w.rangeEnd = w.t[hi - 1] + random.nextInt(20_000);
        w.rangeStart = w.rangeEnd - 60_000 * (1 + random.nextInt(5));
        double expected = RangeFunctions.extrapolatedRate(w, true, isRate);
        double actual = sliding.apply(w);
        assertThat(Double.doubleToRawLongBits(actual))
            .as("seed %d, series %d, window [%d, %d)", seed, series, lo, hi)
            .isEqualTo(Double.doubleToRawLongBits(expected));
      }
    }
  }
}
