package dev.vigil.logindex.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logindex.store.LogDocuments;
import dev.vigil.logindex.store.StoredRecord;
import dev.vigil.model.Attributes;
import dev.vigil.model.Tenant;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.series.LabelMatcher;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * A segment's stream table is decoded once and kept while the kept tables fit their budget; a
 * segment whose streams would not fit (a label taking a new value per record) is decoded per query
 * instead of kept, and answers the same.
 */
class StreamTableTest {
  @Test
  void tablesAreKeptWithinTheirBudgetAndAnswerAlikeEitherWay() throws Exception {
    try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
        LogDocuments docs = LogDocuments.forBatch(Tenant.DEFAULT, 0, Set.of(), 5);
        for (int i = 0; i < 300; i++) {
          LogRecord r =
              new LogRecord(i, i, 9, "INFO", "line " + i, Attributes.EMPTY, 0, 0, null, 0, "");
          StoredRecord stored =
              new StoredRecord(
                  Attributes.of("service.name", "svc-" + (i % 3), "request.id", "r-" + i),
                  "scope",
                  "1",
                  r);
          Document d = new Document();
          for (IndexableField f : docs.fields(stored, new BytesRef(new byte[1]), i, i)) {
            d.add(f);
          }
          w.addDocument(d);
        }
        w.forceMerge(1);
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        LeafReader leaf = r.leaves().get(0).reader();
        StreamTable kept = StreamTable.of(leaf, Long.MAX_VALUE);
        assertThat(kept.keyed()).isTrue();
        assertThat(kept.size()).isEqualTo(300);
        assertThat(StreamTable.of(leaf, Long.MAX_VALUE)).isSameAs(kept);

        // Another segment, with no budget left: decoded per call, not kept, and answering alike.
        try (ByteBuffersDirectory other = new ByteBuffersDirectory()) {
          try (IndexWriter w = new IndexWriter(other, new IndexWriterConfig())) {
            w.addIndexes(dir);
            w.forceMerge(1);
          }
          try (DirectoryReader r2 = DirectoryReader.open(other)) {
            LeafReader leaf2 = r2.leaves().get(0).reader();
            StreamTable first = StreamTable.of(leaf2, 0);
            StreamTable second = StreamTable.of(leaf2, 0);
            assertThat(second).isNotSameAs(first);
            List<LabelMatcher> svc1 = List.of(LabelMatcher.equal("service_name", "svc-1"));
            assertThat(second.matching(svc1).cardinality())
                .isEqualTo(kept.matching(svc1).cardinality())
                .isEqualTo(100);
          }
        }
      }
    }
  }
}
