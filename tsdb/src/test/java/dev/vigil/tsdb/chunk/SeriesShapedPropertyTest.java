package dev.vigil.tsdb.chunk;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random series shaped like metrics rather than like noise: long zero runs, page-aligned gauges,
 * decimals that gain digits, counter resets, stale markers and float interludes, so that run mode,
 * domain changes and mode switches all happen; and every prefix snapshot must decode too.
 */
class SeriesShapedPropertyTest {

  @Property(tries = 400)
  void seriesAndAllTheirSnapshotsRoundTrip(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 160) int n) {
    Random rnd = new Random(seed);
    long[] ts = new long[n];
    double[] vs = new double[n];
    long t = 1_700_000_000_000L + rnd.nextInt(1_000_000);
    int scale = rnd.nextInt(4);
    int shift = rnd.nextBoolean() ? 12 : 0;
    long m = rnd.nextInt(1_000_000);
    double zeroChance = rnd.nextDouble();
    int jitter = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(5);
    for (int i = 0; i < n; i++) {
      t += 15_000 + (jitter == 0 ? 0 : rnd.nextInt(jitter) - jitter / 2);
      if (rnd.nextInt(50) == 0) {
        t += 15_000L * rnd.nextInt(100); // missed scrapes
      }
      ts[i] = t;
      if (rnd.nextDouble() >= zeroChance) {
        m += rnd.nextInt(2000) - 500;
      }
      int event = rnd.nextInt(100);
      if (event == 0) {
        m = 0; // counter reset
      } else if (event == 1 && scale < 15) {
        scale++; // a value with one more decimal
      } else if (event == 2 && shift > 0) {
        shift = 0; // a value off the page grid
      }
      vs[i] = ((double) (m << shift)) / Math.pow(10, scale);
      if (event == 3) {
        vs[i] = Double.longBitsToDouble(0x7ff0000000000002L);
      } else if (event == 4) {
        vs[i] = rnd.nextDouble() * 1e6;
      } else if (event == 5) {
        vs[i] = -0.0;
      }
    }
    ChunkAppender app = ChunkEncoding.ADAPTIVE.newAppender();
    for (int i = 0; i < n; i++) {
      app.append(ts[i], vs[i]);
      if (i < 40 || i % 7 == 0 || i == n - 1) {
        byte[] bytes = app.bytes();
        org.assertj.core.api.Assertions.assertThat(bytes).hasSize(app.sizeBytes());
        ChunkAssertions.assertDecodes(bytes, Arrays.copyOf(ts, i + 1), Arrays.copyOf(vs, i + 1));
      }
    }
  }
}
