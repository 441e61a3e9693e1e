package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BitStreamTest {

  @Test
  void writesAndReadsEveryWidth() {
    Random rnd = new Random(42);
    BitWriter w = new BitWriter(1);
    int[] widths = new int[5000];
    long[] vals = new long[widths.length];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = rnd.nextInt(65);
      vals[i] = widths[i] == 0 ? 0 : rnd.nextLong() >>> (64 - widths[i]);
      w.write(vals[i] | (widths[i] == 64 ? 0 : -1L << widths[i]), widths[i]); // junk above width
    }
    byte[] out = new byte[w.byteLength()];
    assertThat(w.copyTo(w.bitLength(), out, 0)).isEqualTo(out.length);
    BitReader r = new BitReader();
    r.reset(out, 0, out.length);
    for (int i = 0; i < widths.length; i++) {
      assertThat(r.read(widths[i])).as("field %d width %d", i, widths[i]).isEqualTo(vals[i]);
    }
  }

  @Test
  void copyOfAPrefixZeroesTheBitsAfterIt() {
    BitWriter w = new BitWriter(1);
    w.write(0b101, 3);
    w.write(-1L, 20);
    byte[] out = new byte[1];
    w.copyTo(3, out, 0);
    assertThat(out[0] & 0xff).isEqualTo(0b1010_0000);
  }

  @Test
  void readingPastTheEndIsCorruption() {
    BitReader r = new BitReader();
    r.reset(new byte[] {(byte) 0xff, 1, 2}, 1, 1);
    assertThat(r.read(8)).isEqualTo(1);
    assertThatThrownBy(() -> r.read(1)).isInstanceOf(CorruptChunkException.class);
  }

  @Test
  void unaryStopsAtZeroOrLimit() {
    BitReader r = new BitReader();
    r.reset(new byte[] {(byte) 0b1110_1111, (byte) 0xff}, 0, 2);
    assertThat(r.readUnary(12)).isEqualTo(3);
    assertThat(r.readUnary(12)).isEqualTo(12);
  }

  @Test
  void unaryCountsAsBitByBitReadingDoes() {
    Random rnd = new Random(7);
    for (int round = 0; round < 2000; round++) {
      byte[] bytes = new byte[1 + rnd.nextInt(24)];
      for (int i = 0; i < bytes.length; i++) {
        // Mostly ones, so that long runs cross word and slice boundaries.
        bytes[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 0xff);
      }
      int off = rnd.nextInt(bytes.length);
      int len = bytes.length - off;
      BitReader fast = new BitReader();
      BitReader slow = new BitReader();
      fast.reset(bytes, off, len);
      slow.reset(bytes, off, len);
      int skip = rnd.nextInt(8);
      if (skip <= len * 8) {
        fast.read(skip);
        slow.read(skip);
      }
      while (true) {
        int limit = rnd.nextInt(80);
        Integer expected = bitByBit(slow, limit);
        if (expected == null) {
          assertThatThrownBy(() -> fast.readUnary(limit)).isInstanceOf(CorruptChunkException.class);
          break;
        }
        assertThat(fast.readUnary(limit)).as("round %d", round).isEqualTo(expected);
        // Both readers stand at the same bit: the next bit read agrees, or both are at the end.
        Integer a = bitByBit(slow, 1);
        if (a == null) {
          assertThatThrownBy(() -> fast.readUnary(1)).isInstanceOf(CorruptChunkException.class);
          break;
        }
        assertThat(fast.readUnary(1)).isEqualTo(a);
      }
    }
  }

  /** The definition: one bit at a time; null where it reads past the end. */
  private static Integer bitByBit(BitReader r, int limit) {
    int q = 0;
    try {
      while (q < limit && r.readBit()) {
        q++;
      }
    } catch (CorruptChunkException e) {
      return null;
    }
    return q;
  }
}
