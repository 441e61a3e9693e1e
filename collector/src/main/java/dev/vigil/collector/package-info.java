/**
 * The OTLP collector: receivers for OTLP/gRPC and OTLP/HTTP on Vert.x, request limits, validation,
 * and the fan-out that hands validated batches to the three sinks. Knows no store: it sees only
 * {@link dev.vigil.model.sink.TelemetrySink}.
 */
package dev.vigil.collector;
