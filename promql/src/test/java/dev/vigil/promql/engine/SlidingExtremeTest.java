package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sliding form of the extreme functions must give the bits the window-by-window fold gives, on
 * random values drawn from a small set (so ties, 0 against -0, NaN runs and infinities are common)
 * and windows that grow, shrink and skip, series after series in one reused pair of arrays (as a
 * streamed matrix selector hands them over) with a {@link SlidingExtreme#reset} between them.
 */
class SlidingExtremeTest {

  private static final double[] POOL = {
    0.0, -0.0, 1, -1, 2.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 7
  };

  @ParameterizedTest
  @CsvSource({"true,false", "false,false", "true,true", "false,true"})
  void slidingEqualsFoldingEachWindow(boolean max, boolean timestamp) {
    long seed = Long.getLong("seed", System.nanoTime());
    Random random = new Random(seed);
    SlidingExtreme sliding = new SlidingExtreme(max, timestamp);
    Window w = new Window();
    w.t = new long[200];
    w.v = new double[200];
    for (int series = 0; series < 300; series++) {
      int n = 1 + random.nextInt(200);
      sliding.reset();
      boolean allNaN = random.nextInt(10) == 0;
      for (int i = 0; i < n; i++) {
        w.t[i] = i * 15_000L + random.nextInt(3);
        w.v[i] = allNaN ? Double.NaN : POOL[random.nextInt(POOL.length)];
      }
      int width = 1 + random.nextInt(40);
      int lo = 0;
      for (int hi = 1; hi <= n; hi += 1 + random.nextInt(3)) {
        lo = Math.max(lo, Math.min(hi - 1, hi - width + random.nextInt(3)));
        w.from = lo;
        w.to = hi;
        double expected = RangeFunctions.extreme(w, max, timestamp);
        double actual = sliding.apply(w);
        assertThat(Double.doubleToRawLongBits(actual))
            .as("seed %d, series %d, window [%d, %d)", seed, series, lo, hi)
            .isEqualTo(Double.doubleToRawLongBits(expected));
      }
    }
  }
}
