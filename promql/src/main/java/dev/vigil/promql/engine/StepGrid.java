package dev.vigil.promql.engine;

/**
 * The evaluation times of one (sub)query: {@code start, start + interval, ..., <= end}. An instant
 * query is a grid of one step (interval 1, as in Prometheus).
 */
record StepGrid(long start, long end, long interval) {

  StepGrid {
    if (interval <= 0) {
      throw new IllegalStateException("BUG: step interval " + interval);
    }
  }

  static StepGrid instant(long t) {
    return new StepGrid(t, t, 1);
  }

  int steps() {
    return end < start ? 0 : (int) ((end - start) / interval) + 1;
  }

  long time(int step) {
    return start + step * interval;
  }

  boolean isInstant() {
    return start == end;
  }

  /**
   * How many steps can have a point from samples in {@code [first, last]}: those whose reference
   * time ({@code at}, or the step's time, less {@code offset}) lies in {@code [first, last +
   * reach)}, where {@code reach} is the lookback of an instant selector or a range function's
   * range. A capacity for a series' output, at least 1: sized so, it neither grows nor holds
   * thousands of empty slots for a series that covers a few steps.
   */
  int stepsReaching(long first, long last, long reach, long offset, Long at) {
    int steps = steps();
    if (steps <= 1 || at != null) {
      return Math.max(steps, 1);
    }
    // ref(i) = start + i * interval - offset
    long lo = Math.max(0, Math.ceilDiv(first + offset - start, interval));
    long hi = Math.min(steps - 1, Math.floorDiv(last + reach - 1 + offset - start, interval));
    return (int) Math.max(1, Math.min(steps, hi - lo + 1));
  }
}
