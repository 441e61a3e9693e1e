/**
 * OTLP decoding: a streaming protobuf decoder straight into Vigil's model (the hot path), the
 * mapping from the generated opentelemetry-proto classes (the reference the decoder is tested
 * against, and the JSON path), and the tally of items refused while decoding.
 */
package dev.vigil.collector.otlp;
