package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import java.util.Arrays;

/**
 * The engine's working form of a series: labels and points in ascending time, growable. Points of
 * an instant-vector expression sit on the step grid; points of a range vector are raw samples.
 * {@code dropName} is Prometheus' delayed name removal: the metric name stays (so label_replace can
 * still read it) until the result is final.
 */
final class StepSeries {
  Labels labels;
  boolean dropName;
  long[] ts;
  double[] vs;
  int size;

  StepSeries(Labels labels, boolean dropName, int capacity) {
    this.labels = labels;
    this.dropName = dropName;
    this.ts = new long[Math.max(capacity, 1)];
    this.vs = new double[ts.length];
  }

  StepSeries(Labels labels, boolean dropName, long[] ts, double[] vs, int size) {
    this.labels = labels;
    this.dropName = dropName;
    this.ts = ts;
    this.vs = vs;
    this.size = size;
  }

  void add(long t, double v) {
    if (size == ts.length) {
      int n = ts.length * 2;
      ts = Arrays.copyOf(ts, n);
      vs = Arrays.copyOf(vs, n);
    }
    ts[size] = t;
    vs[size++] = v;
  }

  long lastTime() {
    return size == 0 ? Long.MIN_VALUE : ts[size - 1];
  }

  /** The index of the point at {@code t}, or -1; binary search. */
  int indexOf(long t) {
    int i = Arrays.binarySearch(ts, 0, size, t);
    return i >= 0 ? i : -1;
  }

  StepSeries copy() {
    return new StepSeries(labels, dropName, Arrays.copyOf(ts, size), Arrays.copyOf(vs, size), size);
  }
}
