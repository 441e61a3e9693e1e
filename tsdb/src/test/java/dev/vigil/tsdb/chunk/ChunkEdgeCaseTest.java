package dev.vigil.tsdb.chunk;

import static dev.vigil.tsdb.chunk.ChunkAssertions.assertRoundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkEdgeCaseTest {
  static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);
  static final long T0 = 1_763_856_000_000L; // 2025-11-23T00:00Z

  /** Values at 15 s intervals from T0. */
  static long[] grid(int n) {
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) {
      ts[i] = T0 + 15_000L * i;
    }
    return ts;
  }

  static Arguments values(String name, double... vs) {
    return Arguments.of(name, grid(vs.length), vs);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        values("single sample", 42),
        values("single NaN", STALE_NAN),
        values("two samples", 1, 2),
        values("stale marker inside a counter", 10, 20, 30, STALE_NAN, 50, 60, 70),
        values("stale markers only", STALE_NAN, STALE_NAN, STALE_NAN),
        values(
            "NaN payloads",
            Double.NaN,
            Double.longBitsToDouble(0x7ff8000000000001L),
            Double.longBitsToDouble(0xfff8000000000000L),
            Double.longBitsToDouble(0x7ff0000000000001L),
            Double.longBitsToDouble(0xffffffffffffffffL),
            STALE_NAN,
            1.5),
        values(
            "infinities and signed zeros",
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            -0.0,
            0.0,
            -0.0,
            1,
            -0.0),
        values("negative zero first", -0.0, -0.0, 0.0),
        values("equal values", 7, 7, 7, 7, 7, 7),
        values("equal floats", Math.PI, Math.PI, Math.PI),
        values(
            "huge and negative deltas",
            0,
            0x1p53,
            -0x1p53,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            -1e300,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.MIN_VALUE,
            -Double.MIN_NORMAL,
            0),
        values("counter reset", 1e9, 1.1e9, 1.2e9, 3, 1e5, 2e5),
        values("decimals growing in precision", 1, 1.5, 1.25, 1.125, 1.0625, 0.1, 0.01, 1e-15),
        values("computed floats", 0.1 + 0.2, 0.3, 1.0 / 3, 2.0 / 3, 1e-320, 1e-300),
        values("cpu seconds", 1234.56, 1234.71, 1234.93, 1235.00, 1235.18),
        values("load average then integers", 0.52, 0.61, 1, 2, 3, 0.07),
        values("decimal history too large to rescale", 9e15, 9e15 + 2, 0.5, 0.25, 9e15),
        Arguments.of(
            "large timestamp gap",
            new long[] {
              T0, T0 + 15_000, T0 + 86_400_000L * 365 * 100, T0 + 86_400_000L * 365 * 101
            },
            new double[] {1, 2, 3, 4}),
        Arguments.of(
            "jittered timestamps",
            new long[] {T0, T0 + 15_003, T0 + 29_999, T0 + 45_001, T0 + 60_000, T0 + 90_002},
            new double[] {1, 2, 3, 4, 5, 6}),
        Arguments.of(
            "one millisecond apart",
            new long[] {T0, T0 + 1, T0 + 2, T0 + 3},
            new double[] {1, 2, 3, 4}),
        Arguments.of(
            "timestamps at the long bounds",
            new long[] {
              Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, Long.MAX_VALUE - 1, Long.MAX_VALUE
            },
            new double[] {1, 2, 3, 4, 5, 6}),
        Arguments.of(
            "regular timestamps across the whole range",
            new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE - 1},
            new double[] {1, 1, 1}),
        Arguments.of(
            "from min to max in one step",
            new long[] {Long.MIN_VALUE, Long.MAX_VALUE},
            new double[] {STALE_NAN, -0.0}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void roundTripsBitForBit(String name, long[] ts, double[] vs) {
    assertRoundTrip(ts, vs);
  }

  @Test
  void everyPrefixOfAChunkDecodes() {
    double[] vs = {1, 1.5, STALE_NAN, 3, Math.E, -0.0, 100, 100, 7e10, 0.01};
    long[] ts = {T0, T0 + 15_000, T0 + 30_001, T0 + 45_000, T0 + 60_000, 70_000_000_000_000L};
    ts = java.util.Arrays.copyOf(ts, vs.length);
    for (int i = ts.length - 4; i < ts.length; i++) {
      ts[i] = ts[i - 1] + 15_000;
    }
    ChunkAppender app = ChunkEncoding.ADAPTIVE.newAppender();
    for (int n = 1; n <= vs.length; n++) {
      app.append(ts[n - 1], vs[n - 1]);
      ChunkAssertions.assertDecodes(
          app.bytes(), java.util.Arrays.copyOf(ts, n), java.util.Arrays.copyOf(vs, n));
    }
  }

  @Test
  void refusesTimestampsThatDoNotIncrease() {
    ChunkAppender app = ChunkEncoding.ADAPTIVE.newAppender();
    app.append(T0, 1);
    app.append(T0 + 15_000, 2);
    assertThatThrownBy(() -> app.append(T0 + 15_000, 3))
        .isInstanceOf(OutOfOrderSampleException.class)
        .hasMessageContaining("not after");
    assertThatThrownBy(() -> app.append(T0, 3)).isInstanceOf(OutOfOrderSampleException.class);
    app.append(T0 + 30_000, 3); // the refused samples left no trace
    ChunkAssertions.assertDecodes(
        app.bytes(), new long[] {T0, T0 + 15_000, T0 + 30_000}, new double[] {1, 2, 3});
  }

  @Test
  void emptyAppenderHasNoBytesOrRange() {
    ChunkAppender app = ChunkEncoding.ADAPTIVE.newAppender();
    assertThat(app.sampleCount()).isZero();
    assertThatThrownBy(app::bytes).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(app::minTime).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void resetStartsAFreshChunk() {
    ChunkAppender app = ChunkEncoding.ADAPTIVE.newAppender();
    for (int i = 0; i < 50; i++) {
      app.append(T0 + i * 15_001L, i * 0.37);
    }
    app.reset();
    app.append(5, 9);
    app.append(7, 9);
    ChunkAssertions.assertDecodes(app.bytes(), new long[] {5, 7}, new double[] {9, 9});
  }

  @Test
  void regularConstantChunkIsJustAHeader() {
    long[] ts = grid(120);
    double[] vs = new double[120];
    java.util.Arrays.fill(vs, 1);
    // id, flags, count, 6-byte first timestamp, 2-byte interval, 2 bytes for the value 1
    assertThat(assertRoundTrip(ts, vs)).hasSize(13);
  }

  @Test
  void regularIntervalOffTheTenMillisecondGridIsStillJustAHeader() {
    long[] ts = new long[120];
    double[] vs = new double[120];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = T0 + 15_003L * i;
    }
    assertThat(assertRoundTrip(ts, vs)).hasSize(13);
  }

  @Test
  void corruptChunksAreRefusedWithATypedException() {
    byte[] good = ChunkAssertions.encode(grid(3), new double[] {1.5, 2.5, Math.PI});
    byte[] wrongId = good.clone();
    wrongId[0] = 9;
    assertThatThrownBy(() -> ChunkEncoding.of(wrongId, 0))
        .isInstanceOf(CorruptChunkException.class)
        .hasMessageContaining("unknown chunk encoding id 9");
    byte[] badFlags = good.clone();
    badFlags[1] = (byte) 0x80;
    assertThatThrownBy(() -> ChunkEncoding.ADAPTIVE.iterator(badFlags, 0, badFlags.length))
        .isInstanceOf(CorruptChunkException.class);
    SampleIterator truncated = ChunkEncoding.ADAPTIVE.iterator(good, 0, good.length - 4);
    assertThatThrownBy(
            () -> {
              while (truncated.next()) {
                truncated.value();
              }
            })
        .isInstanceOf(CorruptChunkException.class);
  }
}
