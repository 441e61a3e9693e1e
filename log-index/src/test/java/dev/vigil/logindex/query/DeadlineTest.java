package dev.vigil.logindex.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * A search stops at its deadline in the middle of a segment, not only between partitions, and then
 * fails instead of returning what it had: the clock here advances a millisecond each time it is
 * read, so where the search stops does not depend on this machine's speed.
 */
class DeadlineTest {
  static final int DOCS = 200_000;

  @Test
  void aSearchPastItsDeadlineStopsAndFails() throws Exception {
    try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
        for (int i = 0; i < DOCS; i++) {
          Document d = new Document();
          d.add(new StringField("f", "v", Field.Store.NO));
          w.addDocument(d);
        }
        w.forceMerge(1);
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        IndexSearcher shared = new IndexSearcher(r);
        AtomicLong clock = new AtomicLong();
        Counting counted = new Counting();
        Deadline soon = new Deadline(Duration.ofMillis(5), () -> clock.getAndAdd(1_000_000L));
        assertThatThrownBy(() -> Searches.run(shared, new MatchAllDocsQuery(), counted, soon))
            .isInstanceOf(QueryTimeoutException.class)
            .hasMessageContaining("limit of 0.005s (logs.query-timeout)");
        // It stopped inside the one segment, after some of its documents.
        assertThat(counted.docs).isPositive().isLessThan(DOCS);
        // The shared searcher is untouched: a query with time enough reads everything.
        Counting all = new Counting();
        Searches.run(shared, new MatchAllDocsQuery(), all, Deadline.after(Duration.ofMinutes(1)));
        assertThat(all.docs).isEqualTo(DOCS);
        assertThat(shared.getTimeout()).isNull();
      }
    }
  }

  private static final class Counting implements Collector {
    int docs;

    @Override
    public LeafCollector getLeafCollector(LeafReaderContext context) {
      return new LeafCollector() {
        @Override
        public void setScorer(Scorable scorer) {}

        @Override
        public void collect(int doc) {
          docs++;
        }
      };
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }
  }
}
