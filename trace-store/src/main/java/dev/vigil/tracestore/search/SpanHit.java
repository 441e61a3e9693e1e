package dev.vigil.tracestore.search;

import dev.vigil.model.TraceId;

/** A trace found by search, with the start time of its newest matching span. */
public record SpanHit(TraceId traceId, long startTimeUnixNano) {}
