package dev.vigil.promql.engine;

import java.util.List;

/**
 * Walks a list of step-aligned series one step at a time, yielding the elements present at each
 * step: Prometheus' "gather vector" without copying samples. The arrays are reused between steps.
 */
final class StepCursor {
  private final List<StepSeries> series;
  private final int[] next;

  /** Indexes into {@code series} of the elements at the current step. */
  final int[] index;

  /** Their values. */
  final double[] value;

  /** How many elements the current step has. */
  int count;

  StepCursor(List<StepSeries> series) {
    this.series = series;
    this.next = new int[series.size()];
    this.index = new int[series.size()];
    this.value = new double[series.size()];
  }

  /** Moves to time {@code t}; steps must be visited in ascending order. */
  void advance(long t) {
    count = 0;
    for (int i = 0; i < next.length; i++) {
      StepSeries s = series.get(i);
      int j = next[i];
      while (j < s.size && s.ts[j] < t) {
        j++;
      }
      if (j < s.size && s.ts[j] == t) {
        index[count] = i;
        value[count++] = s.vs[j];
        j++;
      }
      next[i] = j;
    }
  }

  StepSeries series(int element) {
    return series.get(index[element]);
  }
}
