package dev.vigil.logindex.query;

import dev.vigil.logindex.logql.Pipeline;
import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.LogLine;
import dev.vigil.logindex.store.LogTokens;
import dev.vigil.logindex.store.RecordCodec;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.BytesRef;

/**
 * Gathers, per output series, the timestamp and byte size of every line a range aggregation counts.
 * Without pipeline stages it never reads the stored source: timestamps, line sizes and stream
 * labels all come from doc values. Not thread-safe.
 */
final class SampleCollector implements Collector {
  private static final Set<String> SOURCE = Set.of(LogFields.SOURCE);

  /** Thrown out of Lucene's collect loop when the sample limit is hit. */
  static final class LimitReached extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LimitReached() {
      super(null, null, false, false);
    }
  }

  /**
   * Timestamps and sizes of one series, in arrival order; for a single window only their count and
   * total (every line the prefilter let through is in that window, so times are not needed).
   */
  static final class Points {
    final boolean keepTimes;
    long[] ts;
    long[] bytes;
    int size;
    long bytesTotal;

    Points(boolean keepTimes) {
      this.keepTimes = keepTimes;
      this.ts = new long[keepTimes ? 16 : 0];
      this.bytes = new long[keepTimes ? 16 : 0];
    }

    void add(long t, long b) {
      if (!keepTimes) {
        size++;
        bytesTotal += b;
        return;
      }
      if (size == ts.length) {
        ts = java.util.Arrays.copyOf(ts, size * 2);
        bytes = java.util.Arrays.copyOf(bytes, size * 2);
      }
      ts[size] = t;
      bytes[size] = b;
      size++;
    }
  }

  private final List<LabelMatcher> selector;
  private final Pipeline pipeline;
  private final boolean needsSource;
  private final boolean exactFilters;
  private final long maxSamples;
  private final boolean keepTimes;
  private final Map<Labels, Points> series = new HashMap<>();
  private long samples;

  /**
   * @param exactFilters whether the pipeline is only line filters that the prefilter answers
   *     exactly on documents of format 2 ({@link LineFilterQueries#exact(List)})
   */
  /**
   * @param keepTimes false when the query has one window, the time range the prefilter searches:
   *     each series then keeps only its count and byte total
   */
  SampleCollector(
      List<LabelMatcher> selector,
      Pipeline pipeline,
      boolean exactFilters,
      long maxSamples,
      boolean keepTimes) {
    this.selector = selector;
    this.pipeline = pipeline;
    this.needsSource = pipeline.stageCount() > 0;
    this.exactFilters = exactFilters;
    this.maxSamples = maxSamples;
    this.keepTimes = keepTimes;
  }

  Map<Labels, Points> series() {
    return series;
  }

  long samples() {
    return samples;
  }

  @Override
  public ScoreMode scoreMode() {
    return ScoreMode.COMPLETE_NO_SCORES;
  }

  @Override
  public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
    NumericDocValues timestamps = DocValues.getNumeric(context.reader(), LogFields.TIMESTAMP);
    NumericDocValues sizes = DocValues.getNumeric(context.reader(), LogFields.LINE_BYTES);
    StreamFilter streams = new StreamFilter(selector, context.reader());
    StoredFields stored = needsSource ? context.reader().storedFields() : null;
    // In a segment of format-2 documents only, the prefilter already decided the line filters;
    // only lines with a token too long to index are checked on the text.
    boolean decided =
        exactFilters && context.reader().getFieldInfos().fieldInfo(LogFields.BODY) == null;
    PostingsEnum longLines =
        decided
            ? context
                .reader()
                .postings(new Term(LogFields.LINE, LogTokens.LINE_LONG_TOKEN), PostingsEnum.NONE)
            : null;
    // Without a pipeline a line's series is its stream's: found once per stream and segment, not
    // hashed from its labels per line (a tenth of a 10 M-line aggregation).
    Points[] byStream = stored == null ? new Points[streams.streamCount()] : null;
    return new LeafCollector() {
      @Override
      public void setScorer(Scorable scorer) {}

      @Override
      public void collect(int doc) throws IOException {
        if (byStream != null) {
          int ord = streams.ord(doc);
          if (ord < 0) {
            return;
          }
          Points p = byStream[ord];
          if (p == null) {
            p = series.computeIfAbsent(streams.labelsOf(ord), l -> new Points(keepTimes));
            byStream[ord] = p;
          }
          long ts = timestamps.advanceExact(doc) ? timestamps.longValue() : 0;
          long size = sizes.advanceExact(doc) ? sizes.longValue() : 0;
          if (++samples > maxSamples) {
            throw new LimitReached();
          }
          p.add(ts, size);
          return;
        }
        Labels labels = streams.labels(doc);
        if (labels == null) {
          return;
        }
        long ts = timestamps.advanceExact(doc) ? timestamps.longValue() : 0;
        long size;
        if (stored == null || (decided && !hasLongToken(doc))) {
          size = sizes.advanceExact(doc) ? sizes.longValue() : 0;
        } else {
          BytesRef src = stored.document(doc, SOURCE).getBinaryValue(LogFields.SOURCE);
          String line = LogLine.of(RecordCodec.body(src.bytes, src.offset, src.length));
          Pipeline.Result r = pipeline.apply(line, labels);
          if (r == null) {
            return;
          }
          labels = r.labels();
          size = r.line().getBytes(StandardCharsets.UTF_8).length;
        }
        if (++samples > maxSamples) {
          throw new LimitReached();
        }
        series.computeIfAbsent(labels, l -> new Points(keepTimes)).add(ts, size);
      }

      private boolean hasLongToken(int doc) throws IOException {
        if (longLines == null) {
          return false;
        }
        if (longLines.docID() < doc) {
          longLines.advance(doc);
        }
        return longLines.docID() == doc;
      }
    };
  }
}
