package dev.vigil.tracestore;

import dev.vigil.model.TraceId;

/**
 * One search result: a trace with its root service and operation (of the earliest span when the
 * root is missing), start, duration (first start to last end), span and error-span counts.
 */
public record TraceSummary(
    TraceId traceId,
    String rootServiceName,
    String rootSpanName,
    long startTimeUnixNano,
    long durationNanos,
    int spanCount,
    int errorCount) {}
