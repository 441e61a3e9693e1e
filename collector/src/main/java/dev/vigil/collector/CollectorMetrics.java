package dev.vigil.collector;

import dev.vigil.model.sink.Signal;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The collector's own metrics, exposed on the server's {@code /metrics}: what arrived, what was
 * kept, what was refused and why, and how full the pipeline is.
 */
public final class CollectorMetrics {
  /** How a request ended; the label value of {@code vigil_otlp_requests_total}. */
  enum Outcome {
    SUCCESS("success"),
    PARTIAL("partial_success"),
    MALFORMED("malformed"),
    TOO_LARGE("too_large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
    UNAUTHENTICATED("unauthenticated"),
    BAD_TENANT("bad_tenant"),
    PIPELINE_FULL("pipeline_full"),
    STORE_FAILED("store_failed");

    final String label;

    Outcome(String label) {
      this.label = label;
    }
  }

  private final Counter requests;
  private final Counter items;
  private final Histogram duration;
  private final PrometheusRegistry registry;
  private final Map<Signal, LongSupplier> queues = new EnumMap<>(Signal.class);

  public CollectorMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    requests =
        Counter.builder()
            .name("vigil_otlp_requests_total")
            .help("OTLP export requests received, by signal, protocol and outcome.")
            .labelNames("signal", "protocol", "outcome")
            .register(registry);
    items =
        Counter.builder()
            .name("vigil_otlp_items_total")
            .help(
                "Spans, log records and metric data points received, by signal and outcome (accepted or rejected).")
            .labelNames("signal", "outcome")
            .register(registry);
    duration =
        Histogram.builder()
            .name("vigil_otlp_request_duration_seconds")
            .help(
                "Time from a complete OTLP request body to its answer, including the wait for durable storage.")
            .labelNames("signal", "protocol")
            .classicOnly()
            .classicUpperBounds(
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_ingest_queue_bytes")
        .help("Encoded request bytes queued for or being written to each signal's store.")
        .labelNames("signal")
        .callback(cb -> {
          synchronized (queues) {
            queues.forEach((signal, bytes) -> cb.call(bytes.getAsLong(), signal.label()));
          }
        })
        .register(registry);
  }

  /** For tests and benchmarks that do not export metrics. */
  public static CollectorMetrics unregistered() {
    return new CollectorMetrics(new PrometheusRegistry());
  }

  PrometheusRegistry registry() {
    return registry;
  }

  void registerQueue(Signal signal, LongSupplier queuedBytes) {
    synchronized (queues) {
      queues.put(signal, queuedBytes);
    }
  }

  void request(Signal signal, String protocol, Outcome outcome, long startNanos) {
    requests.labelValues(signal.label(), protocol, outcome.label).inc();
    DistributionDataPoint d = duration.labelValues(signal.label(), protocol);
    d.observe((System.nanoTime() - startNanos) / 1e9);
  }

  void items(Signal signal, long accepted, long rejected) {
    if (accepted > 0) {
      items.labelValues(signal.label(), "accepted").inc(accepted);
    }
    if (rejected > 0) {
      items.labelValues(signal.label(), "rejected").inc(rejected);
    }
  }
}
