package dev.vigil.tracestore;

import dev.vigil.model.TraceId;
import dev.vigil.tracestore.query.Expr;
import dev.vigil.tracestore.query.SpanPredicate;
import dev.vigil.tracestore.search.SpanHit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a search over the index (flushed spans) and the buffers (the rest), then loads traces.
 * Traces rank by their newest matching span, newest first: what the index can sort by, and the
 * order in which a limit keeps "the most recent" traces.
 */
final class TraceSearcher {
  private TraceSearcher() {}

  static List<TraceSummary> search(TenantStore t, TraceSearch q) throws IOException {
    List<TraceSummary> out = new ArrayList<>();
    for (Trace trace : traces(t, q.filter(), q.startUnixNano(), q.endUnixNano(), q.limit())) {
      out.add(trace.summary());
    }
    return out;
  }

  /** Up to {@code limit} whole traces with a matching span, by newest matching span. */
  static List<Trace> traces(TenantStore t, Expr filter, long start, long end, int limit)
      throws IOException {
    Map<TraceId, Long> newest = new HashMap<>();
    for (SpanHit h : t.index().search(filter, start, end, limit)) {
      newest.merge(h.traceId(), h.startTimeUnixNano(), Math::max);
    }
    // The buffers hold minutes of spans; evaluating them in memory keeps them searchable at once.
    t.forEachUnflushed(s -> {
      long st = s.span().startTimeUnixNano();
      if (st >= start && st <= end && SpanPredicate.matches(filter, s)) {
        newest.merge(s.span().traceId(), st, Math::max);
      }
    });
    List<Map.Entry<TraceId, Long>> ranked = new ArrayList<>(newest.entrySet());
    // Ties broken by id so that a smaller limit always returns a prefix of a larger one.
    ranked.sort(
        Map.Entry.<TraceId, Long>comparingByValue()
            .reversed()
            .thenComparing(e -> e.getKey().toHex()));
    List<TraceId> wanted = new ArrayList<>(Math.min(limit, ranked.size()));
    for (int i = 0; i < ranked.size() && i < limit; i++) {
      wanted.add(ranked.get(i).getKey());
    }
    List<Trace> out = new ArrayList<>(wanted.size());
    for (Trace trace : t.tracesById(wanted).values()) {
      if (!trace.isEmpty()) { // a segment deleted by retention since the index answered
        out.add(trace);
      }
    }
    return out;
  }
}
