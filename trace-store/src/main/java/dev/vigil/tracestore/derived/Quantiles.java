package dev.vigil.tracestore.derived;

/** Exact quantiles of sorted values. */
final class Quantiles {
  private Quantiles() {}

  /**
   * The nearest-rank quantile: the smallest value with at least {@code q} of values at or below.
   */
  static long nearestRank(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
