package dev.vigil.tsdb.chunk;

/**
 * The value-stream state that encoder and decoder keep in lockstep: the mode (decimal integers or
 * XOR floats), the integer domain, the integer history and which predictor is winning.
 *
 * <p>The integer domain is a decimal scale {@code e} and a binary shift {@code s}: a value is
 * {@code (n << s) / 10^e}. The shift strips the zero bits that byte gauges in whole pages (4096) or
 * kibibytes carry in every value and so in every residual.
 *
 * <p>Four predictors of the next integer {@code m}: the last value (gauges, constants), the last
 * value plus the last delta (steady counters: Gorilla's delta-of-delta), the last value plus a
 * smoothed delta (noisy counters: half the residual variance of delta-of-delta) and a smoothed
 * level (gauges that jitter around a mean: half the residual variance of the last value). Each
 * keeps a decaying sum of the residual magnitudes it would have produced; the smallest sum predicts
 * next. All of it is integer arithmetic on decoded data, so the decoder picks the same predictor
 * without a single bit being sent for the choice.
 *
 * <p>Values with no short decimal form (random or computed floats, NaN payloads, infinities, -0.0)
 * take a Gorilla-style XOR code: the XOR of the raw bits with the previous value's bits, sent as
 * its meaningful middle bits inside a leading/trailing-zero window. Lossless by construction.
 * Codes: {@code 0} = same bits; {@code 10} + bits = reuse the previous window; {@code 11} + 6-bit
 * leading zeros + 6-bit (meaningful length - 1) + bits = new window. Unlike Gorilla, the encoder
 * opens a new window whenever that is shorter than reusing the old one. Its state lives here rather
 * than in an object of its own: every series keeps one model per open chunk.
 *
 * <p>The model is also the value stream's {@link ResidualCoder} (which it resets on a fresh start
 * and on a change of domain), and {@link AdaptiveAppender} extends it: Java has no value types, and
 * superclass fields are the way to lay the value stream, its coder, the model and the chunk's own
 * fields out in one object, so that a sample appended touches one object and its array instead of
 * six. Not final for that reason alone; a decoder uses a plain instance.
 */
class ValueModel extends ResidualCoder {
  private static final long M_LIMIT = 1L << 53;
  private static final long ACC_LIMIT = 1L << 59;
  private static final long Z_CLAMP = 1L << 56;

  boolean floatMode;
  // Bytes where the range allows (scale <= 15, shift <= 63, history <= 2, window <= 64): the model
  // is part of every series' open chunk.
  byte scale;
  byte shift;
  private byte history; // integers seen since the last (re)start of integer mode, capped at 2
  private long m1; // last integer
  private long m2; // the one before
  private long acc; // 8 x exponentially smoothed delta (alpha 1/8)
  private long level; // 8 x exponentially smoothed value (alpha 1/8)
  // The predictors' decaying costs, as fields rather than an array: one object fewer per open
  // chunk of every series.
  private long cost0;
  private long cost1;
  private long cost2;
  private long cost3;
  private long xorPrev; // the previous value's bits
  private byte xorLead = -1; // the XOR window's leading zeros; -1: no window yet
  private byte xorTrail;

  /** Longs {@link #saveModel} writes. */
  static final int STATE_LONGS = ResidualCoder.STATE_LONGS + 11;

  /** A decoder's model: no stream of its own. */
  ValueModel() {
    this(0);
  }

  /** A writer's model, writing the value stream that starts at {@code initialCapacity} bytes. */
  ValueModel(int initialCapacity) {
    super(initialCapacity);
  }

  /** Writes every field to {@code state} at {@code at}, for {@link #restoreModel}. */
  final void saveModel(long[] state, int at) {
    saveStatistics(state, at);
    at += ResidualCoder.STATE_LONGS;
    state[at] =
        (floatMode ? 1L : 0L) | (scale & 0xffL) << 1 | (shift & 0xffL) << 9 | (long) history << 17;
    state[at + 1] = m1;
    state[at + 2] = m2;
    state[at + 3] = acc;
    state[at + 4] = level;
    state[at + 5] = cost0;
    state[at + 6] = cost1;
    state[at + 7] = cost2;
    state[at + 8] = cost3;
    state[at + 9] = xorPrev;
    state[at + 10] = ((long) xorLead << 32) | (xorTrail & 0xffffffffL);
  }

  /** Continues from the state {@link #saveModel} wrote at {@code at}. */
  final void restoreModel(long[] state, int at) {
    restoreStatistics(state, at);
    at += ResidualCoder.STATE_LONGS;
    long p = state[at];
    floatMode = (p & 1) != 0;
    scale = (byte) (p >>> 1);
    shift = (byte) (p >>> 9);
    history = (byte) (p >>> 17);
    m1 = state[at + 1];
    m2 = state[at + 2];
    acc = state[at + 3];
    level = state[at + 4];
    cost0 = state[at + 5];
    cost1 = state[at + 6];
    cost2 = state[at + 7];
    cost3 = state[at + 8];
    xorPrev = state[at + 9];
    xorLead = (byte) (state[at + 10] >> 32);
    xorTrail = (byte) state[at + 10];
  }

  final void startFloat(long bits) {
    floatMode = true;
    history = 0;
    resetXor(bits);
  }

  final void startInt(int e, int s, long n) {
    floatMode = false;
    scale = (byte) e;
    shift = (byte) s;
    m1 = n;
    m2 = n;
    history = 1;
    acc = 0;
    level = n << 3;
    clearCosts();
    resetStatistics();
  }

  final boolean hasHistory() {
    return history > 0;
  }

  final long predict() {
    if (history < 2) {
      return m1;
    }
    // The first of the cheapest, as a loop over the predictors in order would pick.
    int best = 0;
    long min = cost0;
    if (cost1 < min) {
      best = 1;
      min = cost1;
    }
    if (cost2 < min) {
      best = 2;
      min = cost2;
    }
    if (cost3 < min) {
      best = 3;
    }
    return prediction(best);
  }

  private void clearCosts() {
    cost0 = 0;
    cost1 = 0;
    cost2 = 0;
    cost3 = 0;
  }

  /** A predictor's cost after it predicted {@code predicted} for {@code m}. */
  private static long decayed(long cost, long m, long predicted) {
    long z = ResidualCoder.zigzag(m - predicted);
    return cost + (z < 0 || z > Z_CLAMP ? Z_CLAMP : z) - (cost >> 3);
  }

  private long prediction(int p) {
    return switch (p) {
      case 0 -> m1;
      case 1 -> 2 * m1 - m2;
      case 2 -> m1 + ((acc + 4) >> 3);
      default -> (level + 4) >> 3;
    };
  }

  final void acceptInt(long m) {
    long delta = m - m1;
    if (history >= 2) {
      cost0 = decayed(cost0, m, prediction(0));
      cost1 = decayed(cost1, m, prediction(1));
      cost2 = decayed(cost2, m, prediction(2));
      cost3 = decayed(cost3, m, prediction(3));
      acc += delta - (acc >> 3);
    } else {
      acc = delta << 3;
    }
    level += m - (level >> 3);
    m2 = m1;
    m1 = m;
    history = 2;
  }

  /** {@code n} of value {@code v} in the current domain, or {@link Decimal#NONE}. */
  final long toInt(double v) {
    long m = Decimal.scaled(v, scale);
    return m == Decimal.NONE || (m & ((1L << shift) - 1)) != 0 ? Decimal.NONE : m >> shift;
  }

  final double toDouble(long n) {
    return Decimal.toDouble(n << shift, scale);
  }

  /**
   * Whether the domain may change to a finer one, scale {@code e >= scale} and shift {@code s <=
   * shift}, other than the current, with the history still within 53 bits there.
   */
  final boolean canRescale(int e, int s) {
    if (e < scale || s > shift || (e == scale && s == shift) || e > Decimal.MAX_SCALE || s < 0) {
      return false;
    }
    long limit = (M_LIMIT >> (shift - s)) / Decimal.pow10(e - scale);
    return Math.abs(m1) <= limit && Math.abs(m2) <= limit;
  }

  final void rescale(int e, int s) {
    int d = shift - s;
    long p = Decimal.pow10(e - scale);
    m1 = (m1 * p) << d;
    m2 = (m2 * p) << d;
    acc = Math.abs(acc) <= (ACC_LIMIT >> d) / p ? (acc * p) << d : (m1 - m2) << 3;
    level = Math.abs(level) <= (ACC_LIMIT >> d) / p ? (level * p) << d : m1 << 3;
    clearCosts();
    resetStatistics(); // residual magnitudes just grew: relearn k from a literal
    scale = (byte) e;
    shift = (byte) s;
  }

  /**
   * The encoder's choice of shift for a fresh start at integer {@code m}: its trailing zero bits
   * when there are at least 8 (a multiple of 256 is rarely chance), else none; at most 12, the page
   * size, the largest unit common in metrics. Half of all page multiples are also multiples of 8192
   * by chance, and shifting too far costs an escape at the first odd page (on the node workload's
   * page gauges, capping cut 0.83 to 0.66 bytes/sample).
   */
  static int chooseShift(long m) {
    int tz = Long.numberOfTrailingZeros(m);
    return m != 0 && tz >= 8 ? Math.min(tz, 12) : 0;
  }

  static void writeShift(BitWriter w, int s) {
    if (s == 0) {
      w.write(0, 1);
    } else {
      w.write(0b1000000 | s, 7);
    }
  }

  static int readShift(BitReader r) {
    return r.readBit() ? (int) r.read(6) : 0;
  }

  static int shiftBits(int s) {
    return s == 0 ? 1 : 7;
  }

  final void resetXor(long bits) {
    xorPrev = bits;
    xorLead = -1;
  }

  /** Records a value that was sent by other means, so the next XOR is against it. */
  final void setXorPrevious(long bits) {
    xorPrev = bits;
  }

  final int xorLength(long bits) {
    long x = bits ^ xorPrev;
    if (x == 0) {
      return 1;
    }
    int l = Long.numberOfLeadingZeros(x);
    int t = Long.numberOfTrailingZeros(x);
    int fresh = 2 + 12 + 64 - l - t;
    if (xorLead >= 0 && l >= xorLead && t >= xorTrail) {
      return Math.min(fresh, 2 + 64 - xorLead - xorTrail);
    }
    return fresh;
  }

  /** Writes the XOR code of {@code bits} to this model's value stream. */
  final void writeXor(long bits) {
    long x = bits ^ xorPrev;
    xorPrev = bits;
    if (x == 0) {
      write(0, 1);
      return;
    }
    int l = Long.numberOfLeadingZeros(x);
    int t = Long.numberOfTrailingZeros(x);
    int fresh = 12 + 64 - l - t;
    if (xorLead >= 0 && l >= xorLead && t >= xorTrail && 64 - xorLead - xorTrail <= fresh) {
      write(0b10, 2);
      write(x >>> xorTrail, 64 - xorLead - xorTrail);
      return;
    }
    xorLead = (byte) l;
    xorTrail = (byte) t;
    int len = 64 - l - t;
    write(0b11, 2);
    write(l, 6);
    write(len - 1, 6);
    write(x >>> t, len);
  }

  final long readXor(BitReader r) {
    if (!r.readBit()) {
      return xorPrev;
    }
    if (r.readBit()) {
      int l = (int) r.read(6);
      int len = (int) r.read(6) + 1;
      if (l + len > 64) {
        throw new CorruptChunkException("XOR window " + l + "+" + len + " exceeds 64 bits");
      }
      xorLead = (byte) l;
      xorTrail = (byte) (64 - l - len);
    } else if (xorLead < 0) {
      throw new CorruptChunkException("XOR window reused before one was set");
    }
    long x = r.read(64 - xorLead - xorTrail) << xorTrail;
    xorPrev ^= x;
    return xorPrev;
  }
}
