package dev.vigil.tracestore.derived;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.TraceId;
import dev.vigil.model.trace.SpanKind;
import dev.vigil.model.trace.StatusCode;
import dev.vigil.tracestore.StoredSpan;
import dev.vigil.tracestore.Trace;
import dev.vigil.tracestore.TraceGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceGraphTest {
  private static final long T0 = 1_700_000_000_000_000_000L;

  private static List<Trace> traces(int n) {
    TraceGenerator g = new TraceGenerator(21, T0);
    List<Trace> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<StoredSpan> spans = g.trace();
      out.add(new Trace(spans.get(0).span().traceId(), spans));
    }
    return out;
  }

  /** The smallest value v with at least q of all values <= v, by counting. */
  private static long quantileByCounting(List<Long> values, double q) {
    long best = Long.MAX_VALUE;
    for (long v : values) {
      long atOrBelow = values.stream().filter(x -> x <= v).count();
      if (atOrBelow >= q * values.size() && v < best) {
        best = v;
      }
    }
    return best;
  }

  @Test
  void edgesCountCallsErrorsAndCallerLatency() {
    List<Trace> traces = traces(400);
    long from = T0 + 2_000_000_000L;
    long to = T0 + 8_000_000_000L;
    Map<String, List<Long>> latencies = new LinkedHashMap<>();
    Map<String, Long> errors = new HashMap<>();
    for (Trace t : traces) {
      for (StoredSpan c : t.spans()) {
        if (c.span().startTimeUnixNano() < from || c.span().startTimeUnixNano() > to) {
          continue;
        }
        for (StoredSpan p : t.spans()) {
          if (p.span().spanId() != c.span().parentSpanId()
              || p.serviceName().equals(c.serviceName())) {
            continue;
          }
          boolean rpc = p.span().kind() == SpanKind.CLIENT && c.span().kind() == SpanKind.SERVER;
          boolean messaging =
              p.span().kind() == SpanKind.PRODUCER && c.span().kind() == SpanKind.CONSUMER;
          if (rpc || messaging) {
            String key = p.serviceName() + "->" + c.serviceName();
            latencies.computeIfAbsent(key, k -> new ArrayList<>()).add(p.span().durationNanos());
            boolean failed =
                p.span().status().code() == StatusCode.ERROR
                    || c.span().status().code() == StatusCode.ERROR;
            errors.merge(key, failed ? 1L : 0L, Long::sum);
          }
        }
      }
    }
    List<DependencyEdge> edges = ServiceGraph.build(traces, from, to);
    assertThat(edges).hasSize(latencies.size());
    for (DependencyEdge e : edges) {
      String key = e.parent() + "->" + e.child();
      List<Long> l = latencies.get(key);
      assertThat(e.callCount()).as(key).isEqualTo(l.size());
      assertThat(e.errorCount()).as(key).isEqualTo(errors.get(key));
      assertThat(e.p50Nanos()).as(key).isEqualTo(quantileByCounting(l, 0.5));
      assertThat(e.p95Nanos()).as(key).isEqualTo(quantileByCounting(l, 0.95));
      assertThat(e.maxNanos()).as(key).isEqualTo(l.stream().mapToLong(x -> x).max().orElseThrow());
    }
    assertThat(edges).extracting(DependencyEdge::parent).contains("frontend", "checkout");
    assertThat(errors.values().stream().mapToLong(x -> x).sum()).isPositive();
  }

  @Test
  void callsWithinOneServiceAndOrphansAreNotEdges() {
    TraceGenerator g = new TraceGenerator(1, T0);
    TraceId id = g.nextTraceId();
    var res = g.resource("checkout");
    var span =
        new dev.vigil.model.trace.Span(
            id,
            2,
            "",
            1,
            0,
            "x",
            SpanKind.SERVER,
            T0,
            T0 + 5,
            dev.vigil.model.Attributes.EMPTY,
            0,
            List.of(),
            0,
            List.of(),
            0,
            dev.vigil.model.trace.Status.UNSET);
    var parent =
        new dev.vigil.model.trace.Span(
            id,
            1,
            "",
            0,
            0,
            "y",
            SpanKind.CLIENT,
            T0,
            T0 + 9,
            dev.vigil.model.Attributes.EMPTY,
            0,
            List.of(),
            0,
            List.of(),
            0,
            dev.vigil.model.trace.Status.UNSET);
    Trace sameService =
        new Trace(
            id,
            List.of(new StoredSpan(res, g.scope(), parent), new StoredSpan(res, g.scope(), span)));
    Trace orphan = new Trace(id, List.of(new StoredSpan(res, g.scope(), span)));
    assertThat(ServiceGraph.build(List.of(sameService, orphan), 0, Long.MAX_VALUE)).isEmpty();
  }
}
