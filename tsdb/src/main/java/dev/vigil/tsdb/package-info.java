/**
 * Vigil's time-series database: {@link dev.vigil.tsdb.Tsdb} opens the store under a data directory
 * and offers it as a {@link dev.vigil.model.series.SeriesStore} to query, an appender to write, and
 * the collector's metrics sink. Samples go WAL, head, then immutable per-tenant blocks, which a
 * background thread merges and deletes by retention (see the tsdb README). Plain Java.
 */
package dev.vigil.tsdb;
