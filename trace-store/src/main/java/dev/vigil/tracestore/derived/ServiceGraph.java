package dev.vigil.tracestore.derived;

import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanKind;
import dev.vigil.model.trace.StatusCode;
import dev.vigil.tracestore.StoredSpan;
import dev.vigil.tracestore.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the service dependency graph from whole traces. A call is a {@code SERVER} span whose
 * parent is a {@code CLIENT} span, or a {@code CONSUMER} span whose parent is a {@code PRODUCER}
 * span, of a different service; it counts when the child span starts in the time range. Pairs
 * within one service are internal calls and not edges.
 */
public final class ServiceGraph {
  private ServiceGraph() {}

  public static List<DependencyEdge> build(Iterable<Trace> traces, long startNanos, long endNanos) {
    Map<String, Accumulator> edges = new TreeMap<>();
    for (Trace t : traces) {
      Map<Long, StoredSpan> byId = new HashMap<>();
      for (StoredSpan s : t.spans()) {
        // Zipkin-style shared ids give client and server one span id: keep the client side.
        byId.merge(s.span().spanId(), s, (a, b) -> isCaller(a.span().kind()) ? a : b);
      }
      for (StoredSpan child : t.spans()) {
        Span c = child.span();
        if (c.startTimeUnixNano() < startNanos || c.startTimeUnixNano() > endNanos) {
          continue;
        }
        SpanKind expectedParent =
            switch (c.kind()) {
              case SERVER -> SpanKind.CLIENT;
              case CONSUMER -> SpanKind.PRODUCER;
              default -> null;
            };
        if (expectedParent == null || c.isRoot()) {
          continue;
        }
        StoredSpan parent = byId.get(c.parentSpanId());
        if (parent == null
            || parent.span().kind() != expectedParent
            || parent.serviceName().equals(child.serviceName())) {
          continue;
        }
        String key = parent.serviceName() + '\u0000' + child.serviceName();
        edges
            .computeIfAbsent(key, k -> new Accumulator(parent.serviceName(), child.serviceName()))
            .add(parent.span(), c);
      }
    }
    List<DependencyEdge> out = new ArrayList<>(edges.size());
    edges.values().forEach(a -> out.add(a.edge()));
    return out;
  }

  private static boolean isCaller(SpanKind k) {
    return k == SpanKind.CLIENT || k == SpanKind.PRODUCER;
  }

  private static final class Accumulator {
    private final String parent;
    private final String child;
    private long calls;
    private long errors;
    private long[] latencies = new long[16];

    Accumulator(String parent, String child) {
      this.parent = parent;
      this.child = child;
    }

    void add(Span caller, Span callee) {
      if (calls == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencies.length * 2);
      }
      latencies[(int) calls++] = caller.durationNanos();
      if (caller.status().code() == StatusCode.ERROR
          || callee.status().code() == StatusCode.ERROR) {
        errors++;
      }
    }

    DependencyEdge edge() {
      long[] sorted = Arrays.copyOf(latencies, (int) calls);
      Arrays.sort(sorted);
      return new DependencyEdge(
          parent,
          child,
          calls,
          errors,
          Quantiles.nearestRank(sorted, 0.50),
          Quantiles.nearestRank(sorted, 0.95),
          sorted[sorted.length - 1]);
    }
  }
}
