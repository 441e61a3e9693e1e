package dev.vigil.server;

import dev.vigil.model.series.ExemplarStore;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesStore;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.QueryWorkers;
import dev.vigil.tsdb.Tsdb;

/**
 * Hands HTTP endpoints the embedded tsdb as the storage interfaces they need (an appender to write,
 * a series store to read), or null when the server runs without one (tests with stand-in sinks), in
 * which case the endpoints answer 503.
 */
public final class MetricsAccess {
  private final Tsdb tsdb;
  private final QueryWorkers queryWorkers;

  /** {@code queryWorkers} stay the caller's: the server closes them when it stops. */
  MetricsAccess(Tsdb tsdb, QueryWorkers queryWorkers) {
    this.tsdb = tsdb;
    this.queryWorkers = queryWorkers;
  }

  /**
   * A PromQL engine over the store with {@code options}, its range queries sharing the server's
   * query workers ({@code promql.workers}); null without a metrics store. Cheap: engines hold no
   * state of their own, so a request with its own timeout may make one.
   */
  public Engine engine(EngineOptions options) {
    if (tsdb == null) {
      return null;
    }
    return new Engine(tsdb, options.withQueryWorkers(queryWorkers.workers()), queryWorkers);
  }

  /** A fresh appender for one request, or null without a metrics store. */
  public SeriesAppender appender() {
    return tsdb == null ? null : tsdb.appender();
  }

  /** Metric metadata, or null without a metrics store. */
  public dev.vigil.tsdb.MetricMetadata metadata() {
    return tsdb == null ? null : tsdb.metadata();
  }

  /** The exemplars to query, or null without a metrics store. */
  public ExemplarStore exemplars() {
    return tsdb;
  }

  /**
   * Snapshots the tenant's blocks and head as blocks (see {@link Tsdb#snapshot}); returns the
   * snapshot's name, or null without a metrics store.
   */
  public String snapshot(dev.vigil.model.Tenant tenant, boolean skipHead)
      throws java.io.IOException {
    return tsdb == null ? null : tsdb.snapshot(tenant, skipHead);
  }

  /** The store to query, or null without one. */
  public SeriesStore store() {
    return tsdb;
  }
}
