/**
 * The Jaeger-compatible query API over the trace store ({@code /api/services}, {@code /api/traces},
 * {@code /api/dependencies}, ...), with Jaeger's JSON shapes, so Grafana's Jaeger data source and
 * Jaeger's UI can read Vigil's traces; plus TraceQL search.
 */
package dev.vigil.server.jaeger;
