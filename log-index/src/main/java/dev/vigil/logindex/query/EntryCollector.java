package dev.vigil.logindex.query;

import dev.vigil.logindex.logql.Pipeline;
import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.LogLine;
import dev.vigil.logindex.store.RecordCodec;
import dev.vigil.logindex.store.StoredRecord;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.BytesRef;

/**
 * Keeps the first {@code limit} lines in query order that pass the selector and pipeline. Newest
 * first, a segment (sorted newest first) is abandoned at the first document older than the oldest
 * line kept once the heap is full: everything after it is older still. Not thread-safe.
 */
final class EntryCollector implements Collector {
  private static final Set<String> SOURCE = Set.of(LogFields.SOURCE);

  private final List<LabelMatcher> selector;
  private final Pipeline pipeline;
  private final int limit;
  private final boolean newestFirst;

  /** Head is the entry to drop first: the oldest when newest first, else the newest. */
  private final PriorityQueue<LogEntry> heap;

  private long examined;

  EntryCollector(List<LabelMatcher> selector, Pipeline pipeline, int limit, Direction direction) {
    this.selector = selector;
    this.pipeline = pipeline;
    this.limit = limit;
    this.newestFirst = direction == Direction.BACKWARD;
    Comparator<LogEntry> byTime = Comparator.comparingLong(LogEntry::timestampNanos);
    this.heap = new PriorityQueue<>(newestFirst ? byTime : byTime.reversed());
  }

  /** Whether nothing in a partition ending before {@code endNanos} can enter the result. */
  boolean fullBefore(long endNanos) {
    return heap.size() >= limit && newestFirst && endNanos <= heap.peek().timestampNanos();
  }

  /** Whether nothing in a partition starting after {@code startNanos} can enter the result. */
  boolean fullAfter(long startNanos) {
    return heap.size() >= limit && !newestFirst && startNanos > heap.peek().timestampNanos();
  }

  /** The kept entries in query order. */
  List<LogEntry> entries() {
    List<LogEntry> out = new ArrayList<>(heap);
    Comparator<LogEntry> byTime = Comparator.comparingLong(LogEntry::timestampNanos);
    out.sort(newestFirst ? byTime.reversed() : byTime);
    return out;
  }

  long examined() {
    return examined;
  }

  @Override
  public ScoreMode scoreMode() {
    return ScoreMode.COMPLETE_NO_SCORES;
  }

  @Override
  public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
    NumericDocValues timestamps = DocValues.getNumeric(context.reader(), LogFields.TIMESTAMP);
    StreamFilter streams = new StreamFilter(selector, context.reader());
    StoredFields stored = context.reader().storedFields();
    return new LeafCollector() {
      @Override
      public void setScorer(Scorable scorer) {}

      @Override
      public void collect(int doc) throws IOException {
        long ts = timestamps.advanceExact(doc) ? timestamps.longValue() : 0;
        if (heap.size() >= limit) {
          long worst = heap.peek().timestampNanos();
          if (newestFirst && ts < worst) {
            throw new CollectionTerminatedException();
          }
          if (newestFirst ? ts <= worst : ts >= worst) {
            return;
          }
        }
        Labels labels = streams.labels(doc);
        if (labels == null) {
          return;
        }
        examined++;
        BytesRef src = stored.document(doc, SOURCE).getBinaryValue(LogFields.SOURCE);
        StoredRecord record = RecordCodec.decode(src.bytes, src.offset, src.length);
        Pipeline.Result r = pipeline.apply(LogLine.of(record.record().body()), labels);
        if (r == null) {
          return;
        }
        heap.add(new LogEntry(ts, r.labels(), r.line(), record));
        if (heap.size() > limit) {
          heap.poll();
        }
      }
    };
  }
}
