package dev.vigil.tsdb.chunk;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/** Random sample sequences, biased towards what real series and edge cases look like. */
class ChunkRoundTripPropertyTest {

  record Sample(long step, double value) {}

  @Property(tries = 2000)
  void randomSequencesRoundTripBitForBit(
      @ForAll("starts") long t0,
      @ForAll @Size(min = 1, max = 300) List<@From("samples") Sample> samples) {
    long[] ts = new long[samples.size()];
    double[] vs = new double[samples.size()];
    long t = t0;
    for (int i = 0; i < ts.length; i++) {
      if (i > 0) {
        long step = samples.get(i).step();
        if (t > Long.MAX_VALUE - step) {
          ts = java.util.Arrays.copyOf(ts, i);
          vs = java.util.Arrays.copyOf(vs, i);
          break;
        }
        t += step;
      }
      ts[i] = t;
      vs[i] = samples.get(i).value();
    }
    ChunkAssertions.assertRoundTrip(ts, vs);
  }

  @Provide
  Arbitrary<Long> starts() {
    return Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.longs().between(1_600_000_000_000L, 1_900_000_000_000L)),
        Tuple.of(1, Arbitraries.longs()),
        Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE - 10_000)));
  }

  @Provide
  Arbitrary<Sample> samples() {
    Arbitrary<Long> steps =
        Arbitraries.frequencyOf(
            Tuple.of(10, Arbitraries.just(15_000L)),
            Tuple.of(5, Arbitraries.longs().between(14_997, 15_003)),
            Tuple.of(2, Arbitraries.longs().between(1, 100)),
            Tuple.of(1, Arbitraries.longs().between(1, Long.MAX_VALUE)));
    Arbitrary<Double> values =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.integers().between(0, 20).map(i -> (double) i)),
            Tuple.of(4, Arbitraries.longs().between(-1_000_000, 1_000_000).map(c -> c / 100.0)),
            Tuple.of(
                2,
                Combinators.combine(
                        Arbitraries.longs().between(-(1L << 53), 1L << 53),
                        Arbitraries.integers().between(0, 15))
                    .as((m, e) -> m / Math.pow(10, e))),
            Tuple.of(2, Arbitraries.doubles()),
            Tuple.of(2, Arbitraries.longs().map(Double::longBitsToDouble)),
            Tuple.of(
                1,
                Arbitraries.of(
                    Double.NaN,
                    Double.longBitsToDouble(0x7ff0000000000002L),
                    Double.longBitsToDouble(0xfff0000000000001L),
                    Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY,
                    -0.0,
                    0.0,
                    Double.MIN_VALUE,
                    Double.MAX_VALUE,
                    0x1p53,
                    -0x1p53 - 2)));
    return Combinators.combine(steps, values).as(Sample::new);
  }
}
