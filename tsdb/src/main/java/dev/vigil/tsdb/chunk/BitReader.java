package dev.vigil.tsdb.chunk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads bits, most significant first, from a slice of a byte array. Reads past the slice throw
 * {@link CorruptChunkException}: a truncated chunk is corrupt data, never a reason to return
 * garbage.
 */
final class BitReader {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private static final byte[] EMPTY = new byte[0];

  private byte[] buf = EMPTY;
  private int end; // exclusive byte limit
  private long bitPos; // absolute bit index into buf
  private long bitEnd;
  private long bitStart; // where the slice starts, for positions relative to it

  void reset(byte[] buf, int off, int len) {
    this.buf = buf;
    this.end = off + len;
    this.bitPos = (long) off * 8;
    this.bitStart = bitPos;
    this.bitEnd = (long) end * 8;
  }

  /** Bits read since the start of the slice. */
  long position() {
    return bitPos - bitStart;
  }

  /** Moves to {@code bits} past the start of the slice, as {@link #position()} reported it. */
  void seekTo(long bits) {
    if (bits < 0 || bitStart + bits > bitEnd) {
      throw new CorruptChunkException("stream position " + bits + " is past the stream's end");
    }
    bitPos = bitStart + bits;
  }

  /** Reads {@code n} bits, {@code 0 <= n <= 64}, as an unsigned value. */
  long read(int n) {
    if (n > 56) {
      long hi = read(n - 32);
      return (hi << 32) | read(32);
    }
    if (n == 0) {
      return 0;
    }
    if (bitPos + n > bitEnd) {
      throw new CorruptChunkException("chunk truncated: needs " + n + " more bits past its end");
    }
    long v = window() >>> (64 - n);
    bitPos += n;
    return v;
  }

  boolean readBit() {
    return read(1) != 0;
  }

  /**
   * Counts 1 bits up to a terminating 0 (consumed) or until {@code limit} ones were read. Counts a
   * whole window of up to 56 bits at once with one leading-zero count: decoding residuals spends
   * most of its time here, and one bit per call made it the hottest loop of range queries.
   */
  int readUnary(int limit) {
    int q = 0;
    while (q < limit) {
      long avail = bitEnd - bitPos;
      if (avail <= 0) {
        throw new CorruptChunkException("chunk truncated: needs 1 more bits past its end");
      }
      int n = (int) Math.min(56, avail);
      // Leading ones of the next n bits; what lies past them in the word does not count.
      int ones = Math.min(n, Long.numberOfLeadingZeros(~window()));
      int need = limit - q;
      if (ones >= need) {
        bitPos += need;
        return limit;
      }
      if (ones < n) {
        bitPos += ones + 1;
        return q + ones;
      }
      bitPos += n;
      q += n;
    }
    return q;
  }

  /** The 64 bits from the current position, left-aligned; bits past the slice read as 0. */
  private long window() {
    int byteIdx = (int) (bitPos >>> 3);
    long word;
    if (byteIdx + 8 <= end) {
      word = (long) LONG_BE.get(buf, byteIdx);
    } else {
      word = 0;
      for (int i = 0; i < 8; i++) {
        word = (word << 8) | (byteIdx + i < end ? buf[byteIdx + i] & 0xff : 0);
      }
    }
    return word << (bitPos & 7);
  }
}
