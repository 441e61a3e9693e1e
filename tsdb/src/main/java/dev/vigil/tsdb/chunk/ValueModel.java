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
 */
final class ValueModel {
  private static final int PREDICTORS = 4;
  private static final long M_LIMIT = 1L << 53;
  private static final long ACC_LIMIT = 1L << 59;
  private static final long Z_CLAMP = 1L << 56;

  final ResidualCoder coder = new ResidualCoder();
  final XorCodec xor = new XorCodec();
  boolean floatMode;
  int scale;
  int shift;
  private long m1; // last integer
  private long m2; // the one before
  private int history; // integers seen since the last (re)start of integer mode, capped at 2
  private long acc; // 8 x exponentially smoothed delta (alpha 1/8)
  private long level; // 8 x exponentially smoothed value (alpha 1/8)
  private final long[] cost = new long[PREDICTORS];

  /** Copies every field of {@code o}, so that this model continues where {@code o} stands. */
  void copyFrom(ValueModel o) {
    coder.copyFrom(o.coder);
    xor.copyFrom(o.xor);
    floatMode = o.floatMode;
    scale = o.scale;
    shift = o.shift;
    m1 = o.m1;
    m2 = o.m2;
    history = o.history;
    acc = o.acc;
    level = o.level;
    System.arraycopy(o.cost, 0, cost, 0, PREDICTORS);
  }

  void startFloat(long bits) {
    floatMode = true;
    history = 0;
    xor.reset(bits);
  }

  void startInt(int e, int s, long n) {
    floatMode = false;
    scale = e;
    shift = s;
    m1 = n;
    m2 = n;
    history = 1;
    acc = 0;
    level = n << 3;
    java.util.Arrays.fill(cost, 0);
    coder.reset();
  }

  boolean hasHistory() {
    return history > 0;
  }

  long predict() {
    if (history < 2) {
      return m1;
    }
    int best = 0;
    for (int p = 1; p < PREDICTORS; p++) {
      if (cost[p] < cost[best]) {
        best = p;
      }
    }
    return prediction(best);
  }

  private long prediction(int p) {
    return switch (p) {
      case 0 -> m1;
      case 1 -> 2 * m1 - m2;
      case 2 -> m1 + ((acc + 4) >> 3);
      default -> (level + 4) >> 3;
    };
  }

  void acceptInt(long m) {
    long delta = m - m1;
    if (history >= 2) {
      for (int p = 0; p < PREDICTORS; p++) {
        long z = ResidualCoder.zigzag(m - prediction(p));
        cost[p] += (z < 0 || z > Z_CLAMP ? Z_CLAMP : z) - (cost[p] >> 3);
      }
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
  long toInt(double v) {
    long m = Decimal.scaled(v, scale);
    return m == Decimal.NONE || (m & ((1L << shift) - 1)) != 0 ? Decimal.NONE : m >> shift;
  }

  double toDouble(long n) {
    return Decimal.toDouble(n << shift, scale);
  }

  /**
   * Whether the domain may change to a finer one, scale {@code e >= scale} and shift {@code s <=
   * shift}, other than the current, with the history still within 53 bits there.
   */
  boolean canRescale(int e, int s) {
    if (e < scale || s > shift || (e == scale && s == shift) || e > Decimal.MAX_SCALE || s < 0) {
      return false;
    }
    long limit = (M_LIMIT >> (shift - s)) / Decimal.pow10(e - scale);
    return Math.abs(m1) <= limit && Math.abs(m2) <= limit;
  }

  void rescale(int e, int s) {
    int d = shift - s;
    long p = Decimal.pow10(e - scale);
    m1 = (m1 * p) << d;
    m2 = (m2 * p) << d;
    acc = Math.abs(acc) <= (ACC_LIMIT >> d) / p ? (acc * p) << d : (m1 - m2) << 3;
    level = Math.abs(level) <= (ACC_LIMIT >> d) / p ? (level * p) << d : m1 << 3;
    java.util.Arrays.fill(cost, 0);
    coder.reset(); // residual magnitudes just grew: relearn k from a literal
    scale = e;
    shift = s;
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
}
