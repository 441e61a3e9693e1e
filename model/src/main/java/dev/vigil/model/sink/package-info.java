/**
 * The contract between ingest and storage: a {@link dev.vigil.model.sink.TelemetrySink} per signal.
 * The collector's fan-out calls sinks; stores (or, later, a Kafka producer) implement them. The
 * in-memory sink is the reference implementation every sink contract test also runs.
 */
package dev.vigil.model.sink;
