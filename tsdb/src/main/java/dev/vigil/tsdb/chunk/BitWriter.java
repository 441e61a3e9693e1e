package dev.vigil.tsdb.chunk;

import java.util.Arrays;

/**
 * Appends bits, most significant first, to a growable byte array. Bits are gathered in a long and
 * flushed a byte at a time, so a write costs a few shifts and never allocates unless the array has
 * to grow (amortised doubling).
 */
final class BitWriter {
  private byte[] buf;
  private int bytePos; // full bytes written
  private long acc; // pending bits, right-aligned; only the low accBits are meaningful
  private int accBits; // 0..7 between calls

  BitWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Writes the low {@code n} bits of {@code value}, {@code 0 <= n <= 64}. */
  void write(long value, int n) {
    if (n > 56) { // keep accBits + n <= 63 so the shift below never wraps
      write(value >>> 32, n - 32);
      write(value, 32);
      return;
    }
    if (n == 0) {
      return;
    }
    acc = (acc << n) | (value & (-1L >>> (64 - n)));
    accBits += n;
    if (bytePos + 8 > buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    while (accBits >= 8) {
      accBits -= 8;
      buf[bytePos++] = (byte) (acc >>> accBits);
    }
  }

  void writeBit(boolean bit) {
    write(bit ? 1 : 0, 1);
  }

  long bitLength() {
    return (long) bytePos * 8 + accBits;
  }

  int byteLength() {
    return bytePos + (accBits > 0 ? 1 : 0);
  }

  /**
   * Copies the first {@code bits} bits written to {@code dst} at {@code off}, zero-padded to a
   * whole byte; returns the number of bytes copied.
   */
  int copyTo(long bits, byte[] dst, int off) {
    if (bits > bitLength()) {
      throw new IllegalStateException("BUG: copying " + bits + " of " + bitLength() + " bits");
    }
    int whole = (int) (bits >>> 3);
    int rest = (int) (bits & 7);
    System.arraycopy(buf, 0, dst, off, whole);
    if (rest == 0) {
      return whole;
    }
    int partial = whole < bytePos ? buf[whole] & 0xff : (int) (acc << (8 - accBits)) & 0xff;
    dst[off + whole] = (byte) (partial & (0xff00 >>> rest));
    return whole + 1;
  }

  void reset() {
    bytePos = 0;
    acc = 0;
    accBits = 0;
  }
}
