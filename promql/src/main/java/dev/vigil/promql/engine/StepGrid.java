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
}
