package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * An open chunk decoded by resuming, snapshot after snapshot, must hold exactly what decoding each
 * snapshot from its start gives, bit for bit, on the shapes that make a snapshot's bits differ from
 * a later one's: zero runs the encoder has not ended (steady timestamps, repeated values), and
 * flags that a later sample clears.
 */
class OpenChunkDecoderPropertyTest {

  @Property(tries = 1500)
  void resumedDecodingEqualsDecodingFromTheStart(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int n) {
    Random rnd = new Random(seed);
    ChunkAppender app = ChunkEncoding.ADAPTIVE.newAppender();
    OpenChunkDecoder decoder = new OpenChunkDecoder();
    int shape = rnd.nextInt(5);
    long t = 1_700_000_000_000L;
    double v = rnd.nextInt(100);
    for (int i = 0; i < n; i++) {
      t += nextDelta(rnd, shape);
      v = nextValue(rnd, shape, v);
      app.append(t, v);
      if (rnd.nextInt(4) == 0 || i == n - 1) {
        byte[] bytes = app.bytes();
        if (rnd.nextInt(20) == 0) {
          decoder.clear(); // eviction between two reads
        }
        decoder.update(bytes, 0, bytes.length);
        assertSameAsFromTheStart(bytes, decoder);
      }
    }
  }

  /**
   * Each snapshot decodes only what was appended since the last, bar the two layout changes a chunk
   * can have: here every read after the first resumes.
   */
  @Example
  void aSteadySeriesIsDecodedFromItsStartOnce() {
    ChunkAppender app = ChunkEncoding.ADAPTIVE.newAppender();
    OpenChunkDecoder decoder = new OpenChunkDecoder();
    Random rnd = new Random(7);
    for (int i = 0; i < 120; i++) {
      app.append(1_700_000_000_000L + 30_000L * i, rnd.nextInt(5) == 0 ? i : i + 0.25);
      byte[] bytes = app.bytes();
      decoder.update(bytes, 0, bytes.length);
      assertSameAsFromTheStart(bytes, decoder);
    }
    // the first read, and the value stream appearing when the second value differs
    assertThat(decoder.fullDecodes()).isLessThanOrEqualTo(2);
  }

  @Example
  void aSnapshotEndingInAnUnfinishedZeroRunResumesCorrectly() {
    ChunkAppender app = ChunkEncoding.ADAPTIVE.newAppender();
    OpenChunkDecoder decoder = new OpenChunkDecoder();
    long t = 1_700_000_000_000L;
    for (int i = 0; i < 200; i++) {
      t += i % 2 == 0 ? 15_000 : 15_000 + (i % 7 == 0 ? 3 : 0); // runs of zero deviations
      app.append(t, i % 11 == 0 ? i : 5); // runs of unchanged values
      byte[] bytes = app.bytes();
      decoder.update(bytes, 0, bytes.length);
      assertSameAsFromTheStart(bytes, decoder);
    }
    assertThat(decoder.fullDecodes()).isLessThanOrEqualTo(3);
  }

  private static long nextDelta(Random rnd, int shape) {
    return switch (shape) {
      case 0 -> 15_000;
      case 1 -> rnd.nextInt(3) == 0 ? 15_000 + rnd.nextInt(5) - 2 : 15_000;
      case 2 -> 1 + rnd.nextInt(30_000);
      default -> rnd.nextInt(40) == 0 ? 30_000 : 15_000;
    };
  }

  private static double nextValue(Random rnd, int shape, double v) {
    int r = rnd.nextInt(100);
    if (shape == 3) {
      return r < 90 ? v : v + rnd.nextInt(3); // mostly constant: long zero runs
    }
    if (r < 40) {
      return v;
    }
    if (r < 70) {
      return v + rnd.nextInt(10);
    }
    if (r < 80) {
      return rnd.nextInt(1000) / 100.0;
    }
    if (r < 85) {
      return rnd.nextDouble();
    }
    if (r < 88) {
      return Double.NaN;
    }
    if (r < 92) {
      return 0;
    }
    return v * 1.5;
  }

  private static void assertSameAsFromTheStart(byte[] bytes, OpenChunkDecoder decoder) {
    SampleIterator it = ChunkEncoding.ADAPTIVE.iterator(bytes, 0, bytes.length);
    int i = 0;
    while (it.next()) {
      assertThat(i).isLessThan(decoder.count());
      assertThat(decoder.times()[i]).as("timestamp %d", i).isEqualTo(it.timestamp());
      assertThat(Double.doubleToRawLongBits(decoder.values()[i]))
          .as("value bits %d", i)
          .isEqualTo(Double.doubleToRawLongBits(it.value()));
      i++;
    }
    assertThat(decoder.count()).isEqualTo(i);
  }
}
