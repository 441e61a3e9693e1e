package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects per-step output samples into series keyed by labels, in first-seen order (which is the
 * result order of an instant query). Two samples with the same labels at the same step are the
 * error Prometheus reports as a duplicate labelset. Every point counts against the sample limit.
 */
final class SeriesAccumulator {
  private final Map<Labels, StepSeries> series = new LinkedHashMap<>();
  private final QueryLimits limits;
  private final int capacity;

  SeriesAccumulator(QueryLimits limits, int capacity) {
    this.limits = limits;
    this.capacity = Math.min(capacity, 1024);
  }

  void add(Labels labels, boolean dropName, long t, double v) {
    StepSeries s = series.get(labels);
    if (s == null) {
      s = new StepSeries(labels, dropName, capacity);
      series.put(labels, s);
    } else if (s.lastTime() == t) {
      throw new QueryExecutionException("vector cannot contain metrics with the same labelset");
    }
    limits.addSamples(1);
    s.add(t, v);
  }

  List<StepSeries> result() {
    return new ArrayList<>(series.values());
  }
}
