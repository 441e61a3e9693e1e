package dev.vigil.model.series;

import dev.vigil.model.Tenant;

/**
 * Writes samples, as Prometheus' appender does: add samples, then commit them together. Used by the
 * metrics sink, the remote-write receiver, the rule engine's recording rules and test loaders. Not
 * thread-safe: one appender per writing thread.
 */
public interface SeriesAppender {
  /**
   * Adds one sample to the pending batch.
   *
   * @throws IllegalArgumentException when the sample cannot be stored (out of order beyond the
   *     window, a limit reached); the message says why and the rest of the batch is unaffected
   */
  void append(Tenant tenant, Labels labels, long timestamp, double value);

  /** Makes the pending samples durable and visible, all or none. */
  void commit() throws java.io.IOException;

  /** Drops the pending samples. */
  void rollback();
}
