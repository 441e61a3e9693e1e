package dev.vigil.promql.engine;

/**
 * Kahan-Neumaier compensated summation, as Prometheus sums floats: keeps sums of many samples
 * accurate to the last digit the tests compare.
 */
final class Kahan {
  private Kahan() {}

  /** Adds {@code inc} to {@code sum}; {@code c[0]} carries the compensation. Returns the sum. */
  static double inc(double inc, double sum, double[] c) {
    double t = sum + inc;
    if (Double.isInfinite(t)) {
      c[0] = 0;
    } else if (Math.abs(sum) >= Math.abs(inc)) {
      c[0] += (sum - t) + inc;
    } else {
      c[0] += (inc - t) + sum;
    }
    return t;
  }
}
