package dev.vigil.promql.engine;

import java.util.Arrays;

/** Prometheus' φ-quantile of a sample set: linear interpolation between the closest ranks. */
final class Quantiles {
  private Quantiles() {}

  /** Sorts {@code values} in place (NaN first, as Prometheus orders them). */
  static double quantile(double q, double[] values) {
    if (values.length == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    sortNaNFirst(values);
    double n = values.length;
    double rank = q * (n - 1);
    double lower = Math.max(0, Math.floor(rank));
    double upper = Math.min(n - 1, lower + 1);
    double weight = rank - Math.floor(rank);
    return values[(int) lower] * (1 - weight) + values[(int) upper] * weight;
  }

  static void sortNaNFirst(double[] values) {
    Arrays.sort(values);
    int nans = 0;
    for (int i = values.length - 1; i >= 0 && Double.isNaN(values[i]); i--) {
      nans++;
    }
    if (nans > 0) {
      System.arraycopy(values, 0, values, nans, values.length - nans);
      Arrays.fill(values, 0, nans, Double.NaN);
    }
  }
}
