package dev.vigil.promql.engine;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The quantile of a classic histogram from its cumulative {@code le} buckets, with Prometheus'
 * repairs: buckets with equal bounds are merged, tiny float differences ignored and decreasing
 * counts raised to the previous bucket's count (reported as forced monotonicity).
 */
final class HistogramQuantile {
  private HistogramQuantile() {}

  /** A bucket: upper bound and cumulative count. */
  static final class Bucket {
    final double upperBound;
    double count;

    Bucket(double upperBound, double count) {
      this.upperBound = upperBound;
      this.count = count;
    }
  }

  /** The result and whether the counts had to be made monotonic. */
  record Result(double value, boolean forcedMonotonic) {}

  private static final double SMALL_DELTA_TOLERANCE = 1e-12;

  static Result quantile(double q, Bucket[] input) {
    if (Double.isNaN(q)) {
      return new Result(Double.NaN, false);
    }
    if (q < 0) {
      return new Result(Double.NEGATIVE_INFINITY, false);
    }
    if (q > 1) {
      return new Result(Double.POSITIVE_INFINITY, false);
    }
    Bucket[] buckets = input.clone();
    Arrays.sort(buckets, Comparator.comparingDouble(b -> b.upperBound));
    if (buckets[buckets.length - 1].upperBound != Double.POSITIVE_INFINITY) {
      return new Result(Double.NaN, false);
    }
    buckets = coalesce(buckets);
    boolean forced = ensureMonotonic(buckets);
    if (buckets.length < 2) {
      return new Result(Double.NaN, forced);
    }
    double observations = buckets[buckets.length - 1].count;
    if (observations == 0) {
      return new Result(Double.NaN, forced);
    }
    double rank = q * observations;
    int b = 0;
    while (b < buckets.length - 1 && !(buckets[b].count >= rank)) {
      b++;
    }
    if (b == buckets.length - 1) {
      return new Result(buckets[buckets.length - 2].upperBound, forced);
    }
    if (b == 0 && buckets[0].upperBound <= 0) {
      return new Result(buckets[0].upperBound, forced);
    }
    double bucketStart = 0;
    double bucketEnd = buckets[b].upperBound;
    double count = buckets[b].count;
    if (b > 0) {
      bucketStart = buckets[b - 1].upperBound;
      count -= buckets[b - 1].count;
      rank -= buckets[b - 1].count;
    }
    return new Result(bucketStart + (bucketEnd - bucketStart) * (rank / count), forced);
  }

  private static Bucket[] coalesce(Bucket[] buckets) {
    Bucket[] out = new Bucket[buckets.length];
    Bucket last = new Bucket(buckets[0].upperBound, buckets[0].count);
    int n = 0;
    for (int i = 1; i < buckets.length; i++) {
      if (buckets[i].upperBound == last.upperBound) {
        last.count += buckets[i].count;
      } else {
        out[n++] = last;
        last = new Bucket(buckets[i].upperBound, buckets[i].count);
      }
    }
    out[n++] = last;
    return Arrays.copyOf(out, n);
  }

  private static boolean ensureMonotonic(Bucket[] buckets) {
    boolean forced = false;
    double prev = buckets[0].count;
    for (int i = 1; i < buckets.length; i++) {
      double curr = buckets[i].count;
      if (curr == prev) {
        continue;
      }
      if (almostEqual(prev, curr, SMALL_DELTA_TOLERANCE)) {
        buckets[i].count = prev;
        continue;
      }
      if (curr < prev) {
        buckets[i].count = prev;
        forced = true;
        continue;
      }
      prev = curr;
    }
    return forced;
  }

  /** Relative comparison as Prometheus' {@code almost.Equal}. */
  static boolean almostEqual(double a, double b, double epsilon) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    if (a == b) {
      return true;
    }
    double minNormal = Double.MIN_NORMAL;
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < minNormal) {
      return diff < epsilon * minNormal;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
  }
}
