/**
 * Data derived from spans: the service dependency graph (client→server and producer→consumer pairs)
 * and span metrics (RED: calls, errors by status, latency histograms) written to a {@link
 * dev.vigil.model.series.SeriesAppender}. Plain functions over the model; no store types, so the
 * server can run them on the ingest path as well as over stored traces.
 */
package dev.vigil.tracestore.derived;
