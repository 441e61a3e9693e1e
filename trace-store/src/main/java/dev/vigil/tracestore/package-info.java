/**
 * Vigil's span store. {@link dev.vigil.tracestore.TraceStore} is the facade: a {@code
 * TelemetrySink<Span>} for ingest, trace by id, Jaeger-style and TraceQL search, services,
 * operations and dependencies, per tenant. The value types beside it ({@code Trace}, {@code
 * StoredSpan}, {@code TraceSummary}, {@code TraceSearch}, …) are its stable API; the sub-packages
 * are internal, except {@code derived} (span metrics, service graph) which the server uses
 * directly.
 */
package dev.vigil.tracestore;
