package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The decoder's state packed into a checkpoint array must continue exactly where it was taken: a
 * fresh iterator resumed from a checkpoint after any final sample of a chunk yields the rest of the
 * chunk bit for bit. The packing narrows fields (counts, run lengths, tags, scale and shift), so
 * the chunks mix every mode: runs of zeros, decimal values with rescales, XOR floats and NaN.
 */
class DecoderCheckpointTest {

  @Property(tries = 300)
  void resumingFromAnyCheckpointYieldsTheRestOfTheChunk(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 240) int n) {
    Random rnd = new Random(seed);
    ChunkAppender app = ChunkEncoding.ADAPTIVE.newAppender();
    long t = 1_700_000_000_000L;
    double v = rnd.nextInt(1000);
    for (int i = 0; i < n; i++) {
      t += rnd.nextInt(4) == 0 ? 15_000 + rnd.nextInt(3) : 15_000;
      v =
          switch (rnd.nextInt(6)) {
            case 0 -> v; // zero residuals: runs
            case 1 -> v + rnd.nextInt(10);
            case 2 -> Math.round(v * 100 + rnd.nextInt(1000)) / 100.0; // finer scale
            case 3 -> 4096.0 * rnd.nextInt(1 << 20); // a shift
            case 4 -> rnd.nextDouble() * 1e6; // XOR
            default -> rnd.nextInt(50) == 0 ? Double.NaN : v + 1;
          };
      app.append(t, v);
    }
    byte[] chunk = app.bytes();
    long[] ts = new long[n];
    double[] vs = new double[n];
    AdaptiveIterator all = new AdaptiveIterator();
    all.reset(chunk, 0, chunk.length);
    for (int i = 0; all.next(); i++) {
      ts[i] = all.timestamp();
      vs[i] = all.value();
    }
    AdaptiveIterator it = new AdaptiveIterator();
    it.reset(chunk, 0, chunk.length);
    long[] checkpoint = new long[AdaptiveIterator.STATE_LONGS];
    while (it.next()) {
      if (!it.atFinalBits()) {
        continue;
      }
      it.saveTo(checkpoint);
      AdaptiveIterator resumed = new AdaptiveIterator();
      resumed.reset(chunk, 0, chunk.length);
      assertThat(resumed.resumeFrom(checkpoint)).isTrue();
      for (int i = it.index(); i < n; i++) {
        assertThat(resumed.next()).isTrue();
        assertThat(resumed.timestamp()).isEqualTo(ts[i]);
        assertThat(Double.doubleToRawLongBits(resumed.value()))
            .isEqualTo(Double.doubleToRawLongBits(vs[i]));
      }
      assertThat(resumed.next()).isFalse();
    }
  }
}
