package dev.vigil.tracestore;

import dev.vigil.model.TraceId;
import dev.vigil.model.trace.StatusCode;
import java.util.List;
import java.util.Objects;

/**
 * All stored spans of one trace, sorted by start time (then span id). A trace read back merges
 * every segment holding part of it with the in-memory buffer, so spans that arrived minutes apart
 * appear together.
 */
public record Trace(TraceId traceId, List<StoredSpan> spans) {
  public Trace {
    Objects.requireNonNull(traceId, "traceId");
    spans = List.copyOf(spans);
  }

  public boolean isEmpty() {
    return spans.isEmpty();
  }

  /** The root span (no parent), or the earliest span when the root has not arrived (yet). */
  public StoredSpan root() {
    StoredSpan earliest = null;
    for (StoredSpan s : spans) {
      if (s.span().isRoot()) {
        return s;
      }
      if (earliest == null) {
        earliest = s;
      }
    }
    return earliest;
  }

  public long startTimeUnixNano() {
    long min = Long.MAX_VALUE;
    for (StoredSpan s : spans) {
      min = Math.min(min, s.span().startTimeUnixNano());
    }
    return min;
  }

  public long endTimeUnixNano() {
    long max = Long.MIN_VALUE;
    for (StoredSpan s : spans) {
      max = Math.max(max, s.span().endTimeUnixNano());
    }
    return max;
  }

  /** What a search result lists for this trace; null when the trace has no spans. */
  public TraceSummary summary() {
    if (spans.isEmpty()) {
      return null;
    }
    int errors = 0;
    for (StoredSpan s : spans) {
      if (s.span().status().code() == StatusCode.ERROR) {
        errors++;
      }
    }
    StoredSpan root = root();
    long start = startTimeUnixNano();
    return new TraceSummary(
        traceId,
        root.serviceName(),
        root.span().name(),
        start,
        endTimeUnixNano() - start,
        spans.size(),
        errors);
  }
}
