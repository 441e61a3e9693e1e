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
 * (client retries) are written once.
 *
 * <p>The index is left as it is: a search hit names a trace, not a segment, so the inputs' span
 * documents find the merged segment's traces as well as they found theirs. The merged segment lists
 * every segment number its documents may carry ({@link SegmentMeta#replaces}, its inputs' and what
 * they replaced), and retention deletes the documents of all of them. Re-indexing here cost more
 * CPU than writing the segment, made Lucene merge hundreds of MB in the background (the lookup tail
 * after a compaction) and lost the documents' time locality that the start-time skip index prunes
 * with.
 */
final class SegmentCompactor {
  private SegmentCompactor() {}

  private record Head(TraceId id, Trace trace, Segment.TraceCursor cursor) {}

  /**
   * Writes {@code inputs} merged as segment {@code seq} and records in the index that it is
   * covered: its spans are indexed under the numbers of its inputs. A crash before the file is
   * complete leaves the inputs; after it, recovery deletes the inputs' files the merged segment
   * lists as replaced.
   */
  static Segment compact(
      List<Segment> inputs, long seq, SegmentWriter writer, Path dir, SpanIndex index)
      throws IOException {
    long traces = 0;
    long walUpTo = 0;
    long created = 0;
    java.util.TreeSet<Long> replaced = new java.util.TreeSet<>();
    for (Segment in : inputs) {
      SegmentMeta m = in.meta();
      traces += m.traceCount();
      walUpTo = Math.max(walUpTo, m.walUpTo());
      created = Math.max(created, m.createdUnixMillis());
      replaced.add(m.sequence());
      for (long r : m.replaces()) {
        replaced.add(r);
      }
    }
    Segment merged;
    try (SegmentBuilder out =
        writer.begin(
            dir,
            seq,
            traces,
            walUpTo,
            created,
            replaced.stream().mapToLong(Long::longValue).toArray())) {
      merge(inputs, out);
      merged = Segment.open(out.finish().file());
    }
    index.commit(Math.max(index.indexedThrough(), seq));
    return merged;
  }

  private static void merge(List<Segment> inputs, SegmentBuilder out) throws IOException {
    PriorityQueue<Head> heads =
        new PriorityQueue<>((a, b) -> {
          int c = Long.compareUnsigned(a.id.high(), b.id.high());
          return c != 0 ? c : Long.compareUnsigned(a.id.low(), b.id.low());
        });
    for (Segment s : inputs) {
      advance(heads, s.cursor());
    }
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
      out.add(new Trace(first.id, sorted));
    }
  }

  private static void advance(PriorityQueue<Head> heads, Segment.TraceCursor cursor)
      throws IOException {
    Trace t = cursor.next();
    if (t != null) {
      heads.add(new Head(t.traceId(), t, cursor));
    }
  }
}
