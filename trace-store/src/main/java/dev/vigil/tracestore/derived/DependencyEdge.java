package dev.vigil.tracestore.derived;

/**
 * Calls from {@code parent} to {@code child} service: how many, how many failed (either side's
 * status is error), and the latency the caller saw (client or producer span duration) as p50, p95
 * and max in nanoseconds.
 */
public record DependencyEdge(
    String parent,
    String child,
    long callCount,
    long errorCount,
    long p50Nanos,
    long p95Nanos,
    long maxNanos) {}
