package dev.vigil.logindex.query;

import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.FixedBitSet;

/**
 * Collects the distinct streams (label sets) of the matching documents: a bit per stream ordinal
 * while scanning, their labels from the segment's {@link StreamTable} at the end. Not thread-safe.
 */
final class StreamCollector implements Collector {
  private final List<LabelMatcher> matchers;
  private final Set<Labels> streams = new HashSet<>();

  StreamCollector(List<LabelMatcher> matchers) {
    this.matchers = matchers;
  }

  Set<Labels> streams() {
    return streams;
  }

  @Override
  public ScoreMode scoreMode() {
    return ScoreMode.COMPLETE_NO_SCORES;
  }

  @Override
  public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
    StreamTable table = StreamTable.of(context.reader());
    SortedDocValues values = table.docValues(context.reader());
    if (values == null) {
      values = DocValues.emptySorted();
    }
    SortedDocValues ords = values;
    FixedBitSet seen = new FixedBitSet(Math.max(1, table.size()));
    return new LeafCollector() {
      @Override
      public void setScorer(Scorable scorer) {}

      @Override
      public void collect(int doc) throws IOException {
        if (ords.advanceExact(doc)) {
          seen.set(ords.ordValue());
        }
      }

      @Override
      public void finish() throws IOException {
        int ord = seen.nextSetBit(0);
        while (ord != DocIdSetIterator.NO_MORE_DOCS) {
          Labels l = table.labels(ord);
          if (matchers.stream().allMatch(m -> m.matches(l))) {
            streams.add(l);
          }
          ord = ord + 1 < seen.length() ? seen.nextSetBit(ord + 1) : DocIdSetIterator.NO_MORE_DOCS;
        }
      }
    };
  }
}
