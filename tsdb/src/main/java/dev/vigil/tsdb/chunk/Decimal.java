package dev.vigil.tsdb.chunk;

/**
 * Exact decimal view of a double: {@code v == m / 10^e} bit for bit, for a small scale {@code e}
 * and an integer {@code |m| <= 2^53}. Most metric values are counts, bytes or numbers printed with
 * a few decimals (cpu seconds in 1/100 s ticks, load averages), and their integer form compresses
 * far better than their IEEE bits. The test is a round trip, so a value that is not exactly such a
 * decimal (random floats, NaN, -0.0, Inf) is reported as not representable, never approximated.
 */
final class Decimal {
  static final int MAX_SCALE = 15; // stored in 4 bits
  static final long NONE = Long.MIN_VALUE; // never a valid m: |m| <= 2^53
  private static final double MAX_M = 0x1p53;
  private static final double[] POW10 = new double[MAX_SCALE + 1];
  private static final long[] LONG_POW10 = new long[MAX_SCALE + 1];

  static {
    double p = 1;
    long lp = 1;
    for (int i = 0; i <= MAX_SCALE; i++) {
      POW10[i] = p; // exact: 10^15 < 2^53
      LONG_POW10[i] = lp;
      p *= 10;
      lp *= 10;
    }
  }

  private Decimal() {}

  /** The value {@code m / 10^e}; encoder and decoder both use this one expression. */
  static double toDouble(long m, int e) {
    return e == 0 ? (double) m : m / POW10[e];
  }

  /** {@code m} with {@code toDouble(m, e)} bit-identical to {@code v}, or {@link #NONE}. */
  static long scaled(double v, int e) {
    double x = v * POW10[e];
    if (!(Math.abs(x) <= MAX_M)) { // also rejects NaN and infinities
      return NONE;
    }
    long m = (long) Math.rint(x);
    return Double.doubleToRawLongBits(toDouble(m, e)) == Double.doubleToRawLongBits(v) ? m : NONE;
  }

  /** The smallest scale in {@code [from, MAX_SCALE]} at which {@code v} is exact, or -1. */
  static int minScale(double v, int from) {
    for (int e = from; e <= MAX_SCALE; e++) {
      double x = v * POW10[e];
      if (!(Math.abs(x) <= MAX_M)) {
        return -1; // larger scales only grow |x|
      }
      if (scaled(v, e) != NONE) {
        return e;
      }
    }
    return -1;
  }

  static long pow10(int e) {
    return LONG_POW10[e];
  }
}
