package dev.vigil.model.series;

import dev.vigil.model.Tenant;

/**
 * A writer's handle on one series of a store, from {@link SeriesAppender#ref}: a writer that sends
 * the same series again and again (remote write, the metrics sink) keeps it and appends by it,
 * which spares the store a lookup by labels per sample (Prometheus' appenders return a series
 * reference for the same reason). A store may invalidate a handle at any time (a series dropped
 * from memory); appending by it then finds the series by its labels again, so a handle is never
 * wrong, only slower. A handle from another store is looked up by its labels.
 */
public interface SeriesRef {
  Tenant tenant();

  Labels labels();

  /** A handle that is only its labels: every append by it is a lookup by labels. */
  static SeriesRef of(Tenant tenant, Labels labels) {
    return new ByLabels(tenant, labels);
  }

  /** The handle of a store without a faster one. */
  record ByLabels(Tenant tenant, Labels labels) implements SeriesRef {}
}
