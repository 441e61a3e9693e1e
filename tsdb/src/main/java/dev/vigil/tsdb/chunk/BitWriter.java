package dev.vigil.tsdb.chunk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Appends bits, most significant first, to a growable byte array. The bytes past the last bit are
 * always zero, so a write ORs its bits into the 8 bytes at the current byte with one load and one
 * store; it never allocates unless the array has to grow (amortised doubling).
 *
 * <p>Not final: {@link ResidualCoder} extends it, and through {@link ValueModel} so does {@link
 * AdaptiveAppender}, so that an open chunk's value stream, its coder and the rest of the chunk's
 * state are the fields of one object rather than a graph of small ones (every series keeps an open
 * chunk, and every sample appended to it touched each of them).
 */
class BitWriter {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final byte[] EMPTY = new byte[0];

  private byte[] buf;
  private long bitLength;

  /** {@code initialCapacity} 0 allocates nothing until the first write (decoders never write). */
  BitWriter(int initialCapacity) {
    buf = initialCapacity == 0 ? EMPTY : new byte[Math.max(16, initialCapacity)];
  }

  /** Writes the low {@code n} bits of {@code value}, {@code 0 <= n <= 64}. */
  final void write(long value, int n) {
    if (n > 56) { // keep the bits within the 8 bytes from the current one
      write(value >>> 32, n - 32);
      write(value, 32);
      return;
    }
    if (n == 0) {
      return;
    }
    int at = (int) (bitLength >>> 3);
    if (at + 8 > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(16, buf.length * 2));
    }
    long bits = (value & (-1L >>> (64 - n))) << (64 - (int) (bitLength & 7) - n);
    LONG_BE.set(buf, at, (long) LONG_BE.get(buf, at) | bits);
    bitLength += n;
  }

  final void writeBit(boolean bit) {
    write(bit ? 1 : 0, 1);
  }

  final long bitLength() {
    return bitLength;
  }

  final int byteLength() {
    return (int) ((bitLength + 7) >>> 3);
  }

  /**
   * Copies the first {@code bits} bits written to {@code dst} at {@code off}, zero-padded to a
   * whole byte; returns the number of bytes copied.
   */
  final int copyTo(long bits, byte[] dst, int off) {
    if (bits > bitLength) {
      throw new IllegalStateException("BUG: copying " + bits + " of " + bitLength + " bits");
    }
    int whole = (int) (bits >>> 3);
    int rest = (int) (bits & 7);
    System.arraycopy(buf, 0, dst, off, whole);
    if (rest == 0) {
      return whole;
    }
    dst[off + whole] = (byte) (buf[whole] & (0xff00 >>> rest));
    return whole + 1;
  }

  /** Empties the stream, keeping its array (zeroed where it was written). */
  final void clearBits() {
    Arrays.fill(buf, 0, byteLength(), (byte) 0);
    bitLength = 0;
  }
}
