package dev.vigil.logindex.query;

import java.util.List;

/**
 * The answer to a metric query: a Prometheus vector (instant query, one sample per series) or
 * matrix (range query), series sorted by labels (topk/bottomk: by rank).
 */
public record MetricResult(boolean vector, List<SampleSeries> series) {
  public MetricResult {
    series = List.copyOf(series);
  }
}
