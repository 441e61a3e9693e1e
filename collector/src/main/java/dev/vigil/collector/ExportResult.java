package dev.vigil.collector;

/**
 * What became of an accepted export request: items stored and items refused, with the reasons for
 * OTLP's {@code partial_success}.
 */
public record ExportResult(long accepted, long rejected, String rejectionMessage) {}
