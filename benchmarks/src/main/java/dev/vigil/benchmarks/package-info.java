/**
 * JMH benchmarks of Vigil's hot paths, each measured beside the baseline it must beat in the same
 * run (for OTLP decoding: bare protobuf-java {@code parseFrom}). Figures and the commands that
 * produced them are kept in {@code benchmarks/README.md}. Not an API: nothing depends on it.
 */
package dev.vigil.benchmarks;
