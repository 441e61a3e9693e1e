package dev.vigil.tracestore;

import dev.vigil.model.Resource;
import dev.vigil.model.Scope;
import dev.vigil.model.trace.Span;
import java.util.Objects;

/** A span as stored and returned: with the resource and instrumentation scope that emitted it. */
public record StoredSpan(Resource resource, Scope scope, Span span) {
  public StoredSpan {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(span, "span");
  }

  public String serviceName() {
    return resource.serviceName();
  }
}
