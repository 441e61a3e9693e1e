package dev.vigil.tsdb.otlp;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns delta points into the cumulative values Prometheus queries expect, per series: each delta
 * adds to the series' running total. The totals live in memory; after a restart a series starts
 * again from zero, which PromQL's counter-reset handling absorbs (rate and increase treat the drop
 * as a reset). Thread-safe.
 */
final class DeltaAccumulator {
  private record Key(Tenant tenant, Labels labels) {}

  private final ConcurrentHashMap<Key, double[]> totals = new ConcurrentHashMap<>();

  double add(Tenant tenant, Labels labels, double delta) {
    double[] total = totals.computeIfAbsent(new Key(tenant, labels), k -> new double[1]);
    synchronized (total) {
      total[0] += delta;
      return total[0];
    }
  }
}
