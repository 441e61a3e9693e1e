package dev.vigil.model;

import java.util.List;
import java.util.Objects;

/**
 * One export request's worth of telemetry of one signal, for one tenant: what the collector hands
 * to the sinks. {@code T} is {@link dev.vigil.model.trace.Span}, {@link
 * dev.vigil.model.log.LogRecord} or {@link dev.vigil.model.metric.Metric}.
 */
public record Batch<T>(Tenant tenant, List<ResourceGroup<T>> resources) {
  public Batch {
    Objects.requireNonNull(tenant, "tenant");
    resources = List.copyOf(resources);
  }

  /** Spans, log records or metrics (not data points) in this batch. */
  public int itemCount() {
    int n = 0;
    for (ResourceGroup<T> r : resources) {
      n += r.itemCount();
    }
    return n;
  }

  public boolean isEmpty() {
    return itemCount() == 0;
  }
}
