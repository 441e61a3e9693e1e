package dev.vigil.logindex.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.SpanId;
import dev.vigil.model.TraceId;
import java.nio.file.Path;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ids indexed as bytes (now) and as hex (by format 1) are both found by one lookup. */
class IdTermsTest {
  static final TraceId OLD = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
  static final TraceId NEW = TraceId.fromHex("0af7651916cd43dd8448eb211c80319c");
  static final long OLD_SPAN = 0x00f067aa0ba902b7L;
  static final long NEW_SPAN = 0x53995c3f42cd8ad8L;

  @TempDir Path dir;

  @Test
  void lookupsFindBothFormsAndNothingElse() throws Exception {
    try (FSDirectory d = FSDirectory.open(dir)) {
      try (IndexWriter w = new IndexWriter(d, new IndexWriterConfig())) {
        Document old = new Document();
        old.add(new StringField(LogFields.TRACE_ID, OLD.toHex(), Field.Store.NO));
        old.add(new StringField(LogFields.SPAN_ID, SpanId.toHex(OLD_SPAN), Field.Store.NO));
        w.addDocument(old);
        Document now = new Document();
        now.add(new StringField(LogFields.TRACE_ID, IdTerms.trace(NEW), Field.Store.NO));
        now.add(new StringField(LogFields.SPAN_ID, IdTerms.span(NEW_SPAN), Field.Store.NO));
        w.addDocument(now);
      }
      try (DirectoryReader r = DirectoryReader.open(d)) {
        IndexSearcher s = new IndexSearcher(r);
        assertThat(s.count(IdTerms.traceQuery(OLD))).isEqualTo(1);
        assertThat(s.count(IdTerms.traceQuery(NEW))).isEqualTo(1);
        assertThat(s.count(IdTerms.spanQuery(OLD_SPAN))).isEqualTo(1);
        assertThat(s.count(IdTerms.spanQuery(NEW_SPAN))).isEqualTo(1);
        assertThat(s.count(IdTerms.spanQuery(NEW_SPAN + 1))).isZero();
        // As typed in a plain search: either case of hex.
        assertThat(count(s, IdTerms.parse(LogFields.TRACE_ID, NEW.toHex().toUpperCase())))
            .isEqualTo(1);
        assertThat(count(s, IdTerms.parse(LogFields.SPAN_ID, SpanId.toHex(OLD_SPAN)))).isEqualTo(1);
      }
    }
    assertThat(IdTerms.parse(LogFields.TRACE_ID, "not-hex-but-32-characters-long!!")).isNull();
    assertThat(IdTerms.parse(LogFields.TRACE_ID, "abc")).isNull();
    assertThat(IdTerms.parse(LogFields.BODY, NEW.toHex())).isNull();
  }

  private static int count(IndexSearcher s, Query q) throws Exception {
    assertThat(q).isNotNull();
    return s.count(q);
  }
}
