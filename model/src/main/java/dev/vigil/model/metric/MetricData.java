package dev.vigil.model.metric;

import java.util.List;
import java.util.Objects;

/** The data of a metric: exactly one of OTLP's five kinds, each with its points. */
public sealed interface MetricData {

  /** Data points in this metric. */
  int pointCount();

  /** Instantaneous measurements. */
  record Gauge(List<NumberPoint> points) implements MetricData {
    public Gauge {
      points = List.copyOf(points);
    }

    @Override
    public int pointCount() {
      return points.size();
    }
  }

  /** Sums over time: counters when monotonic and cumulative. */
  record Sum(List<NumberPoint> points, Temporality temporality, boolean monotonic)
      implements MetricData {
    public Sum {
      points = List.copyOf(points);
      Objects.requireNonNull(temporality, "temporality");
    }

    @Override
    public int pointCount() {
      return points.size();
    }
  }

  /** Explicit-bucket histograms. */
  record Histogram(List<HistogramPoint> points, Temporality temporality) implements MetricData {
    public Histogram {
      points = List.copyOf(points);
      Objects.requireNonNull(temporality, "temporality");
    }

    @Override
    public int pointCount() {
      return points.size();
    }
  }

  /** Base-2 exponential histograms. */
  record ExponentialHistogram(List<ExponentialHistogramPoint> points, Temporality temporality)
      implements MetricData {
    public ExponentialHistogram {
      points = List.copyOf(points);
      Objects.requireNonNull(temporality, "temporality");
    }

    @Override
    public int pointCount() {
      return points.size();
    }
  }

  /** Pre-aggregated quantile summaries (legacy, for Prometheus compatibility). */
  record Summary(List<SummaryPoint> points) implements MetricData {
    public Summary {
      points = List.copyOf(points);
    }

    @Override
    public int pointCount() {
      return points.size();
    }
  }
}
