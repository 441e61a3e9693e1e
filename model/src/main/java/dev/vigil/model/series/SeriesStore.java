package dev.vigil.model.series;

import dev.vigil.model.Tenant;

/**
 * A store of series, per tenant: what the query engines read through. Implementations are
 * thread-safe; each querier is a snapshot used by one thread.
 */
public interface SeriesStore {
  /** A querier over {@code tenant}'s samples with timestamps in {@code [minTime, maxTime]} ms. */
  SeriesQuerier querier(Tenant tenant, long minTime, long maxTime);
}
