package dev.vigil.promql.engine;

import dev.vigil.model.series.SampleSummary;

/**
 * One series' window folded into what the summarizable range functions need: count, first and last
 * sample, counter resets in order, compensated sum, minimum and maximum. Samples and whole {@link
 * SampleSummary summaries} of the store's runs are added in time order, so a long window is
 * answered from the summaries of the runs it covers and the samples of the two at its edges.
 *
 * <p>Every fold but the sum gives the same bits as folding the samples one by one (the counter
 * correction adds the reset values in order, as rate does); a sum over whole runs adds their
 * compensated sums, which can differ from a sample-by-sample compensated sum in the last bits.
 */
final class WindowFacts {
  int count;
  long firstT;
  double firstV;
  long lastT;
  double lastV;

  /**
   * The values before each counter reset, in order; allocated at the first (most windows have
   * none).
   */
  private double[] resets;

  private int resetCount;
  private double sum;
  private double compensation;
  private double min;
  private double max;

  /** Set once {@link #addCounters} added samples: the sum, minimum and maximum are then unknown. */
  private boolean countersOnly;

  /** Adds one sample (not a staleness marker), later than every one before. */
  void add(long t, double v) {
    if (count == 0) {
      firstT = t;
      firstV = v;
      min = v;
      max = v;
    } else {
      if (v < lastV) {
        reset(lastV);
      }
      fold(v, v);
    }
    addToSum(v);
    lastT = t;
    lastV = v;
    count++;
  }

  /** Adds a run's summary, all of whose samples are later than every one before. */
  void add(SampleSummary s) {
    if (count == 0) {
      firstT = s.firstTime();
      firstV = s.firstValue();
      min = s.min();
      max = s.max();
    } else {
      if (s.firstValue() < lastV) {
        reset(lastV);
      }
      fold(s.min(), s.max());
    }
    for (double r : s.counterResets()) {
      reset(r);
    }
    addToSum(s.sum());
    compensation += s.sumCompensation();
    lastT = s.lastTime();
    lastV = s.lastValue();
    count += s.count();
  }

  /**
   * Adds the samples {@code [from, to)} of a run's arrays (none a staleness marker, all later than
   * every sample before) keeping only what counters need: the count, the first and last samples and
   * the resets in order, the same as adding them one by one would give. {@code resetAt} lists, in
   * order, every index {@code i} of the arrays where {@code v[i] < v[i - 1]}. Costs the resets in
   * the range, not the samples: the edges of an SLO's seven windows are each a binary search. The
   * sum, minimum and maximum are unknown afterwards.
   */
  void addCounters(long[] t, double[] v, int from, int to, int[] resetAt) {
    if (from >= to) {
      return;
    }
    countersOnly = true;
    if (count == 0) {
      firstT = t[from];
      firstV = v[from];
    } else if (v[from] < lastV) {
      reset(lastV);
    }
    for (int r : resetAt) {
      if (r > from && r < to) {
        reset(v[r - 1]);
      }
    }
    lastT = t[to - 1];
    lastV = v[to - 1];
    count += to - from;
  }

  /** {@link Kahan#inc} with the compensation in a field: a window is folded for every series. */
  private void addToSum(double v) {
    double t = sum + v;
    if (Double.isInfinite(t)) {
      compensation = 0;
    } else if (Math.abs(sum) >= Math.abs(v)) {
      compensation += (sum - t) + v;
    } else {
      compensation += (v - t) + sum;
    }
    sum = t;
  }

  /** Whether only the counter facts are known ({@link #addCounters}). */
  boolean countersOnly() {
    return countersOnly;
  }

  double min() {
    checkFull();
    return min;
  }

  double max() {
    checkFull();
    return max;
  }

  private void checkFull() {
    if (countersOnly) {
      throw new IllegalStateException(
          "a window folded for counters has no sum, minimum or maximum");
    }
  }

  private void fold(double lo, double hi) {
    if (lo < min || Double.isNaN(min)) {
      min = lo;
    }
    if (hi > max || Double.isNaN(max)) {
      max = hi;
    }
  }

  private void reset(double before) {
    if (resets == null) {
      resets = new double[4];
    } else if (resetCount == resets.length) {
      resets = java.util.Arrays.copyOf(resets, resetCount * 2);
    }
    resets[resetCount++] = before;
  }

  /** Last minus first, plus the value before each reset in order: rate's counter correction. */
  double counterIncrease() {
    double result = lastV - firstV;
    for (int i = 0; i < resetCount; i++) {
      result += resets[i];
    }
    return result;
  }

  double sum() {
    checkFull();
    return Double.isInfinite(sum) ? sum : sum + compensation;
  }
}
