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

  /**
   * A handle on the series {@code labels} of {@code tenant} for {@link #append(SeriesRef, long,
   * double)}; a store with series in memory returns its series itself, so appends by the handle
   * skip the lookup by labels. Creates the series if the store does so on append.
   *
   * @throws IllegalArgumentException when the series cannot be stored (no metric name, the tenant's
   *     series limit reached); the message says why
   */
  default SeriesRef ref(Tenant tenant, Labels labels) {
    return SeriesRef.of(tenant, labels);
  }

  /**
   * Adds one sample of the series {@code series} to the pending batch, as {@link #append(Tenant,
   * Labels, long, double)} does with its tenant and labels.
   */
  default void append(SeriesRef series, long timestamp, double value) {
    append(series.tenant(), series.labels(), timestamp, value);
  }

  /**
   * Adds an exemplar of the series {@code labels} to the pending batch, made durable and visible
   * with the samples by {@link #commit}. An exemplar that repeats the series' newest one exactly is
   * dropped silently, as in Prometheus (exporters resend theirs with every cumulative point).
   *
   * @throws IllegalArgumentException when the exemplar cannot be stored (older than the series'
   *     newest exemplar, a limit reached); the message says why and the rest of the batch is
   *     unaffected
   * @throws UnsupportedOperationException when the store keeps no exemplars
   */
  default void appendExemplar(Tenant tenant, Labels labels, ExemplarSample exemplar) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no exemplars");
  }

  /** Makes the pending samples durable and visible, all or none. */
  void commit() throws java.io.IOException;

  /**
   * Makes the pending samples visible, all or none, and durable against a crash of the process but
   * not necessarily yet against a power loss: the store may return before forcing them to disk (a
   * later {@link #commit} or its periodic sync does). For samples derived from stored data, such as
   * recording rules' results, which no client waits on: a rule engine committing a thousand groups
   * a second would otherwise spend its time waiting for fsyncs. Stores that make no such
   * distinction commit.
   */
  default void commitUnforced() throws java.io.IOException {
    commit();
  }

  /** Drops the pending samples. */
  void rollback();
}
