package dev.vigil.tracestore;

import dev.vigil.model.trace.SpanKind;

/** A span name a service has used, with the kind it was used with (as Jaeger lists operations). */
public record Operation(String name, SpanKind kind) {}
