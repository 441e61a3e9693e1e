package dev.vigil.tsdb.chunk;

/**
 * The Gorilla baseline (Pelkonen et al., VLDB 2015) with the bucket sizes Prometheus uses, written
 * here only to measure against: 2-byte count, varint first timestamp, raw first value, varint first
 * delta, then delta-of-delta in buckets {0 | 10+14 | 110+17 | 1110+20 | 1111+64} and XOR values {0
 * | 10+window | 11 + 5-bit leading + 6-bit length + bits}. Size only; it is never decoded.
 */
final class XorBaselineAppender {
  private final BitWriter w = new BitWriter(256);
  private int count;
  private long t1;
  private long delta;
  private long prevBits;
  private int lead = -1;
  private int trail;

  void append(long t, double v) {
    long bits = Double.doubleToRawLongBits(v);
    if (count == 0) {
      w.write(0, 16); // sample count, patched in a real chunk
      writeVarint(ResidualCoder.zigzag(t));
      w.write(bits, 64);
    } else if (count == 1) {
      delta = t - t1;
      writeVarint(delta);
      writeXor(bits);
    } else {
      long d = t - t1;
      long dod = d - delta;
      delta = d;
      if (dod == 0) {
        w.write(0, 1);
      } else if (fits(dod, 14)) {
        w.write(0b10, 2);
        w.write(dod, 14);
      } else if (fits(dod, 17)) {
        w.write(0b110, 3);
        w.write(dod, 17);
      } else if (fits(dod, 20)) {
        w.write(0b1110, 4);
        w.write(dod, 20);
      } else {
        w.write(0b1111, 4);
        w.write(dod, 64);
      }
      writeXor(bits);
    }
    t1 = t;
    prevBits = bits;
    count++;
  }

  private static boolean fits(long v, int bits) {
    return v >= -(1L << (bits - 1)) + 1 && v <= 1L << (bits - 1);
  }

  private void writeVarint(long v) {
    while ((v & ~0x7FL) != 0) {
      w.write((v & 0x7F) | 0x80, 8);
      v >>>= 7;
    }
    w.write(v, 8);
  }

  private void writeXor(long bits) {
    long x = bits ^ prevBits;
    if (x == 0) {
      w.write(0, 1);
      return;
    }
    int l = Math.min(31, Long.numberOfLeadingZeros(x));
    int t = Long.numberOfTrailingZeros(x);
    if (lead >= 0 && l >= lead && t >= trail) {
      w.write(0b10, 2);
      w.write(x >>> trail, 64 - lead - trail);
      return;
    }
    lead = l;
    trail = t;
    int len = 64 - l - t;
    w.write(0b11, 2);
    w.write(l, 5);
    w.write(len & 63, 6); // 64 is sent as 0, as Prometheus does
    w.write(x >>> t, len);
  }

  int sizeBytes() {
    return w.byteLength();
  }

  void reset() {
    w.clearBits();
    count = 0;
    lead = -1;
  }
}
