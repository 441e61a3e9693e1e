package dev.vigil.tsdb.chunk;

/**
 * Gorilla-style XOR code for values that have no short decimal form (random or computed floats, NaN
 * payloads, infinities, -0.0): the XOR of the raw bits with the previous value's bits, sent as its
 * meaningful middle bits inside a leading/trailing-zero window. Lossless by construction.
 *
 * <p>Codes: {@code 0} = same bits; {@code 10} + bits = reuse the previous window; {@code 11} +
 * 6-bit leading zeros + 6-bit (meaningful length - 1) + bits = new window. Unlike Gorilla, the
 * encoder opens a new window whenever that is shorter than reusing the old one.
 */
final class XorCodec {
  private long prev;
  private int lead = -1; // -1: no window yet
  private int trail;

  void reset(long bits) {
    prev = bits;
    lead = -1;
  }

  /** Longs {@link #save} writes. */
  static final int STATE_LONGS = 2;

  void save(long[] state, int at) {
    state[at] = prev;
    state[at + 1] = ((long) lead << 32) | (trail & 0xffffffffL);
  }

  void restore(long[] state, int at) {
    prev = state[at];
    lead = (int) (state[at + 1] >> 32);
    trail = (int) state[at + 1];
  }

  /** Records a value that was sent by other means, so the next XOR is against it. */
  void setPrevious(long bits) {
    prev = bits;
  }

  int length(long bits) {
    long x = bits ^ prev;
    if (x == 0) {
      return 1;
    }
    int l = Long.numberOfLeadingZeros(x);
    int t = Long.numberOfTrailingZeros(x);
    int fresh = 2 + 12 + 64 - l - t;
    if (lead >= 0 && l >= lead && t >= trail) {
      return Math.min(fresh, 2 + 64 - lead - trail);
    }
    return fresh;
  }

  void write(BitWriter w, long bits) {
    long x = bits ^ prev;
    prev = bits;
    if (x == 0) {
      w.write(0, 1);
      return;
    }
    int l = Long.numberOfLeadingZeros(x);
    int t = Long.numberOfTrailingZeros(x);
    int fresh = 12 + 64 - l - t;
    if (lead >= 0 && l >= lead && t >= trail && 64 - lead - trail <= fresh) {
      w.write(0b10, 2);
      w.write(x >>> trail, 64 - lead - trail);
      return;
    }
    lead = l;
    trail = t;
    int len = 64 - l - t;
    w.write(0b11, 2);
    w.write(l, 6);
    w.write(len - 1, 6);
    w.write(x >>> t, len);
  }

  long read(BitReader r) {
    if (!r.readBit()) {
      return prev;
    }
    if (r.readBit()) {
      int l = (int) r.read(6);
      int len = (int) r.read(6) + 1;
      if (l + len > 64) {
        throw new CorruptChunkException("XOR window " + l + "+" + len + " exceeds 64 bits");
      }
      lead = l;
      trail = 64 - l - len;
    } else if (lead < 0) {
      throw new CorruptChunkException("XOR window reused before one was set");
    }
    long x = r.read(64 - lead - trail) << trail;
    prev ^= x;
    return prev;
  }
}
