/**
 * Prometheus-compatible HTTP endpoints: the remote-write receiver and (with the PromQL engine) the
 * query API, so Prometheus servers, Grafana and promtool work against Vigil unchanged.
 */
package dev.vigil.server.prometheus;
