package dev.vigil.tracestore;

import dev.vigil.model.TraceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A tenant's spans not yet in a segment, grouped by trace. Not thread-safe: the tenant store guards
 * it.
 */
final class TraceBuffer {
  /** Spans of a trace in start order; ties by span id so the order is the same on every read. */
  static final Comparator<StoredSpan> SPAN_ORDER =
      Comparator.comparingLong((StoredSpan s) -> s.span().startTimeUnixNano())
          .thenComparingLong(s -> s.span().spanId());

  private final Map<TraceId, List<StoredSpan>> traces = new HashMap<>();
  private long spanCount;
  private long bytes;
  private long firstArrivalMillis = -1;

  void add(List<StoredSpan> spans, long encodedBytes, long nowMillis) {
    for (StoredSpan s : spans) {
      traces.computeIfAbsent(s.span().traceId(), k -> new ArrayList<>(4)).add(s);
    }
    spanCount += spans.size();
    bytes += encodedBytes;
    if (firstArrivalMillis < 0 && !spans.isEmpty()) {
      firstArrivalMillis = nowMillis;
    }
  }

  boolean isEmpty() {
    return spanCount == 0;
  }

  long spanCount() {
    return spanCount;
  }

  long bytes() {
    return bytes;
  }

  /** When the oldest buffered span arrived, or -1 when empty. */
  long firstArrivalMillis() {
    return firstArrivalMillis;
  }

  void collect(TraceId id, List<StoredSpan> out) {
    List<StoredSpan> spans = traces.get(id);
    if (spans != null) {
      out.addAll(spans);
    }
  }

  void forEachSpan(Consumer<StoredSpan> consumer) {
    for (List<StoredSpan> spans : traces.values()) {
      spans.forEach(consumer);
    }
  }

  /** Moves every span of {@code other} into this buffer (a failed flush handing spans back). */
  void addAll(TraceBuffer other, long nowMillis) {
    for (List<StoredSpan> spans : other.traces.values()) {
      add(spans, 0, nowMillis);
    }
    bytes += other.bytes;
  }

  List<Trace> toTraces() {
    List<Trace> out = new ArrayList<>(traces.size());
    for (Map.Entry<TraceId, List<StoredSpan>> e : traces.entrySet()) {
      List<StoredSpan> spans = new ArrayList<>(e.getValue());
      spans.sort(SPAN_ORDER);
      out.add(new Trace(e.getKey(), spans));
    }
    return out;
  }
}
