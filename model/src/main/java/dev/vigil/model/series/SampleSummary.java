package dev.vigil.model.series;

/**
 * What range functions need from a stretch of one series' samples without decoding them again:
 * computed once when the stretch is first read, then reused by every window that covers it whole.
 * Staleness markers are left out, as range vectors leave them out.
 *
 * <p>The folds are the ones Prometheus' range functions make sample by sample, so a window made of
 * summaries and loose samples gives the same answer as one made of samples: counter resets are kept
 * as the values before each drop, in order (rate adds them one by one); minimum and maximum skip
 * NaN unless every value is NaN; the sum is compensated (Kahan-Neumaier).
 *
 * @param count samples, staleness markers excluded; at least 1
 * @param firstTime the first sample's timestamp, ms
 * @param firstValue its value
 * @param lastTime the last sample's timestamp, ms
 * @param lastValue its value
 * @param counterResets for each sample below its predecessor, the predecessor's value, in order
 * @param sum the compensated sum's running value
 * @param sumCompensation the compensation to add to {@code sum}
 * @param min the smallest value (NaN only if every value is NaN)
 * @param max the largest value (NaN only if every value is NaN)
 */
public record SampleSummary(
    int count,
    long firstTime,
    double firstValue,
    long lastTime,
    double lastValue,
    double[] counterResets,
    double sum,
    double sumCompensation,
    double min,
    double max) {

  private static final double[] NO_RESETS = new double[0];

  /**
   * Summarizes what {@code samples} yields; null when it yields no sample but staleness markers.
   */
  public static SampleSummary of(SampleIterator samples) {
    int count = 0;
    long firstT = 0;
    double firstV = 0;
    long lastT = 0;
    double lastV = 0;
    double[] resets = NO_RESETS;
    int resetCount = 0;
    double sum = 0;
    double c = 0;
    double min = 0;
    double max = 0;
    while (samples.next()) {
      double v = samples.value();
      if (StaleMarker.isStale(v)) {
        continue;
      }
      long t = samples.timestamp();
      if (count == 0) {
        firstT = t;
        firstV = v;
        min = v;
        max = v;
      } else {
        if (v < lastV) {
          if (resetCount == resets.length) {
            resets = java.util.Arrays.copyOf(resets, Math.max(4, resetCount * 2));
          }
          resets[resetCount++] = lastV;
        }
        if (v < min || Double.isNaN(min)) {
          min = v;
        }
        if (v > max || Double.isNaN(max)) {
          max = v;
        }
      }
      double next = sum + v;
      if (Double.isInfinite(next)) {
        c = 0;
      } else if (Math.abs(sum) >= Math.abs(v)) {
        c += (sum - next) + v;
      } else {
        c += (v - next) + sum;
      }
      sum = next;
      lastT = t;
      lastV = v;
      count++;
    }
    if (count == 0) {
      return null;
    }
    return new SampleSummary(
        count,
        firstT,
        firstV,
        lastT,
        lastV,
        resetCount == resets.length ? resets : java.util.Arrays.copyOf(resets, resetCount),
        sum,
        c,
        min,
        max);
  }
}
