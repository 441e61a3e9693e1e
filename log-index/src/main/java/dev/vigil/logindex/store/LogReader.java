package dev.vigil.logindex.store;

import dev.vigil.model.Tenant;
import java.io.IOException;

/**
 * What query evaluation reads through: point-in-time searchers over a tenant's partitions for a
 * time range. Each searcher's index is sorted by {@link LogFields#TIMESTAMP} descending and
 * documents follow {@code FORMAT.md}. Thread-safe; every lease must be closed.
 */
public interface LogReader {
  /** Searchers of the partitions overlapping [start, end] (inclusive, ns), newest first. */
  Lease acquire(Tenant tenant, long startNanos, long endNanos) throws IOException;
}
