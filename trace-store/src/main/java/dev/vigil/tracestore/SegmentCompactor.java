package dev.vigil.tracestore;

import dev.vigil.model.TraceId;
import dev.vigil.tracestore.search.SpanIndex;
import dev.vigil.tracestore.segment.Segment;
import dev.vigil.tracestore.segment.SegmentBuilder;
import dev.vigil.tracestore.segment.SegmentMeta;
import dev.vigil.tracestore.segment.SegmentWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges segments into one by a k-way merge on trace id, one block per input in memory. Spans of a
 * trace that arrived late and landed in different segments end up together again; exact duplicates
 * (client retries) are written once. The merged spans are added to the index under the new
 * segment's number, uncommitted: the caller commits together with deleting the inputs.
 */
final class SegmentCompactor {
  private static final int INDEX_BATCH = 1000;

  private SegmentCompactor() {}

  private record Head(TraceId id, Trace trace, Segment.TraceCursor cursor) {}

  /**
   * Writes {@code inputs} merged as segment {@code seq} and swaps their index documents for its own
   * in one commit: a crash before the commit leaves the inputs indexed, after it the merged
   * segment; recovery deletes whichever segment files the merged one lists as replaced.
   */
  static Segment compact(
      List<Segment> inputs, long seq, SegmentWriter writer, Path dir, SpanIndex index)
      throws IOException {
    long traces = 0;
    long walUpTo = 0;
    long created = 0;
    long[] replaced = new long[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      SegmentMeta m = inputs.get(i).meta();
      traces += m.traceCount();
      walUpTo = Math.max(walUpTo, m.walUpTo());
      created = Math.max(created, m.createdUnixMillis());
      replaced[i] = m.sequence();
    }
    Segment merged;
    try (SegmentBuilder out = writer.begin(dir, seq, traces, walUpTo, created, replaced)) {
      merge(inputs, out, index, seq);
      merged = Segment.open(out.finish().file());
    } catch (IOException | RuntimeException e) {
      index.delete(seq); // the uncommitted documents of the unfinished segment
      throw e;
    }
    for (long r : replaced) {
      index.delete(r);
    }
    index.commit(Math.max(index.indexedThrough(), seq));
    return merged;
  }

  private static void merge(List<Segment> inputs, SegmentBuilder out, SpanIndex index, long seq)
      throws IOException {
    PriorityQueue<Head> heads =
        new PriorityQueue<>((a, b) -> {
          int c = Long.compareUnsigned(a.id.high(), b.id.high());
          return c != 0 ? c : Long.compareUnsigned(a.id.low(), b.id.low());
        });
    for (Segment s : inputs) {
      advance(heads, s.cursor());
    }
    List<Trace> batch = new ArrayList<>(INDEX_BATCH);
    while (!heads.isEmpty()) {
      Head first = heads.poll();
      LinkedHashSet<StoredSpan> spans = new LinkedHashSet<>(first.trace.spans());
      advance(heads, first.cursor);
      while (!heads.isEmpty() && heads.peek().id.equals(first.id)) {
        Head same = heads.poll();
        spans.addAll(same.trace.spans());
        advance(heads, same.cursor);
      }
      List<StoredSpan> sorted = new ArrayList<>(spans);
      sorted.sort(TraceBuffer.SPAN_ORDER);
      Trace merged = new Trace(first.id, sorted);
      out.add(merged);
      batch.add(merged);
      if (batch.size() == INDEX_BATCH) {
        index.add(seq, batch);
        batch.clear();
      }
    }
    index.add(seq, batch);
  }

  private static void advance(PriorityQueue<Head> heads, Segment.TraceCursor cursor)
      throws IOException {
    Trace t = cursor.next();
    if (t != null) {
      heads.add(new Head(t.traceId(), t, cursor));
    }
  }
}
