package dev.vigil.promql.engine;

import java.util.Arrays;

/**
 * {@code rate} and {@code increase} over windows that only move forward: the counter resets of a
 * series are found once, so each window adds the values before the resets it holds instead of
 * comparing every pair of its samples again (a 5 m window at step 1 m compares each pair five
 * times). The result is {@link RangeFunctions#extrapolatedRate}'s to the bit: Prometheus adds the
 * value before each reset in time order, and so does this, skipping only the pairs that add
 * nothing.
 */
final class SlidingCounterRate implements RangeFunctions.Body {
  private final boolean isRate;
  private int scanned = 1;
  private int[] resets = new int[8];
  private int resetCount;
  private int firstInWindow;
  private int lastFrom;

  SlidingCounterRate(boolean isRate) {
    this.isRate = isRate;
  }

  @Override
  public void reset() {
    scanned = 1;
    resetCount = 0;
    firstInWindow = 0;
    lastFrom = 0;
  }

  @Override
  public double apply(Window w) {
    double[] v = w.v;
    for (; scanned < w.to; scanned++) {
      if (v[scanned] < v[scanned - 1]) {
        if (resetCount == resets.length) {
          resets = Arrays.copyOf(resets, resetCount * 2);
        }
        resets[resetCount++] = scanned;
      }
    }
    if (w.from < lastFrom) {
      firstInWindow = 0;
    }
    lastFrom = w.from;
    // A reset at i adds v[i - 1]; it belongs to the window when both i - 1 and i do.
    while (firstInWindow < resetCount && resets[firstInWindow] <= w.from) {
      firstInWindow++;
    }
    int first = w.from;
    int last = w.to - 1;
    double result = v[last] - v[first];
    for (int r = firstInWindow; r < resetCount && resets[r] <= last; r++) {
      result += v[resets[r] - 1];
    }
    return RangeFunctions.extrapolate(
        w.t[first],
        v[first],
        w.t[last],
        last - first,
        result,
        w.rangeStart,
        w.rangeEnd,
        true,
        isRate);
  }
}
