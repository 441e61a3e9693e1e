package dev.vigil.logindex.query;

/** One point of a metric result: Prometheus' millisecond timestamp and a value. */
public record Sample(long timestampMillis, double value) {}
