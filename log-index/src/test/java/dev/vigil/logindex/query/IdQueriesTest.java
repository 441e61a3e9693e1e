package dev.vigil.logindex.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logindex.store.IdTerms;
import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.RecordCodec;
import dev.vigil.logindex.store.StoredRecord;
import dev.vigil.model.Attributes;
import dev.vigil.model.SpanId;
import dev.vigil.model.TraceId;
import dev.vigil.model.log.LogRecord;
import java.nio.file.Path;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ids indexed as hex (format 1), as bytes (format 2) and as byte prefixes (format 3, of both
 * lengths) are all found by one lookup, and a format-3 document whose id only shares the prefix is
 * not.
 */
class IdQueriesTest {
  static final TraceId HEX = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
  static final TraceId BYTES = TraceId.fromHex("0af7651916cd43dd8448eb211c80319c");
  static final TraceId PREFIX = TraceId.fromHex("5b8efff798038103d269b633813fc60c");
  static final TraceId PREFIX_TWIN = TraceId.fromHex("5b8efff798038103aaaaaaaaaaaaaaaa");
  static final long HEX_SPAN = 0x00f067aa0ba902b7L;
  static final long BYTES_SPAN = 0x53995c3f42cd8ad8L;
  static final long PREFIX_SPAN = 0x1234567800000001L;
  static final long PREFIX_SPAN_TWIN = 0x1234567800000002L;
  static final TraceId EARLIER = TraceId.fromHex("7c0ffee000000000d269b633813fc60c");
  static final TraceId EARLIER_TWIN = TraceId.fromHex("7c0ffee0000000001111111111111111");
  static final long EARLIER_SPAN = 0x7c0ffee100000001L;
  static final long EARLIER_SPAN_TWIN = 0x7c0ffee100000002L;
  // Share the 4- and 3-byte prefixes only: told apart by the stored record.
  static final TraceId SHORT_TWIN = TraceId.fromHex("5b8efff7ffffffffffffffffffffffff");
  static final long SHORT_SPAN_TWIN = 0x123456ff00000003L;

  @TempDir Path dir;

  @Test
  void lookupsFindEveryFormAndNothingElse() throws Exception {
    try (FSDirectory d = FSDirectory.open(dir)) {
      try (IndexWriter w = new IndexWriter(d, new IndexWriterConfig())) {
        w.addDocument(
            doc(HEX, HEX_SPAN, new BytesRef(HEX.toHex()), new BytesRef(SpanId.toHex(HEX_SPAN))));
        w.addDocument(doc(BYTES, BYTES_SPAN, IdTerms.trace(BYTES), IdTerms.span(BYTES_SPAN)));
        w.addDocument(
            doc(PREFIX, PREFIX_SPAN, IdTerms.tracePrefix(PREFIX), IdTerms.spanPrefix(PREFIX_SPAN)));
        w.addDocument(
            doc(
                PREFIX_TWIN,
                PREFIX_SPAN_TWIN,
                IdTerms.tracePrefix(PREFIX_TWIN),
                IdTerms.spanPrefix(PREFIX_SPAN_TWIN)));
        w.addDocument(
            doc(
                SHORT_TWIN,
                SHORT_SPAN_TWIN,
                IdTerms.tracePrefix(SHORT_TWIN),
                IdTerms.spanPrefix(SHORT_SPAN_TWIN)));
        w.addDocument(
            doc(
                EARLIER,
                EARLIER_SPAN,
                IdTerms.earlierTracePrefix(EARLIER),
                IdTerms.earlierSpanPrefix(EARLIER_SPAN)));
        w.addDocument(
            doc(
                EARLIER_TWIN,
                EARLIER_SPAN_TWIN,
                IdTerms.earlierTracePrefix(EARLIER_TWIN),
                IdTerms.earlierSpanPrefix(EARLIER_SPAN_TWIN)));
      }
      try (DirectoryReader r = DirectoryReader.open(d)) {
        IndexSearcher s = new IndexSearcher(r);
        for (TraceId id :
            new TraceId[] {HEX, BYTES, PREFIX, PREFIX_TWIN, SHORT_TWIN, EARLIER, EARLIER_TWIN}) {
          assertThat(s.count(IdQueries.trace(id))).as(id.toHex()).isEqualTo(1);
          // The candidates are a superset: the twins share their prefix terms.
          assertThat(s.count(IdTerms.traceCandidates(id))).isGreaterThanOrEqualTo(1);
        }
        assertThat(s.count(IdTerms.traceCandidates(PREFIX))).isEqualTo(3);
        assertThat(s.count(IdTerms.traceCandidates(EARLIER))).isEqualTo(2);
        assertThat(s.count(IdTerms.spanCandidates(PREFIX_SPAN))).isEqualTo(3);
        for (long id :
            new long[] {
              HEX_SPAN,
              BYTES_SPAN,
              PREFIX_SPAN,
              PREFIX_SPAN_TWIN,
              SHORT_SPAN_TWIN,
              EARLIER_SPAN,
              EARLIER_SPAN_TWIN
            }) {
          assertThat(s.count(IdQueries.span(id))).as(SpanId.toHex(id)).isEqualTo(1);
        }
        assertThat(s.count(IdQueries.span(PREFIX_SPAN + 2))).isZero();
        assertThat(s.count(IdQueries.trace(TraceId.fromHex("5b8efff798038103ffffffffffffffff"))))
            .isZero();
        // As typed in a plain search: either case of hex.
        assertThat(count(s, IdQueries.parse(LogFields.TRACE_ID, PREFIX.toHex().toUpperCase())))
            .isEqualTo(1);
        assertThat(count(s, IdQueries.parse(LogFields.SPAN_ID, SpanId.toHex(HEX_SPAN))))
            .isEqualTo(1);
      }
    }
    assertThat(IdQueries.parse(LogFields.TRACE_ID, "not-hex-but-32-characters-long!!")).isNull();
    assertThat(IdQueries.parse(LogFields.TRACE_ID, "abc")).isNull();
    assertThat(IdQueries.parse(LogFields.BODY, BYTES.toHex())).isNull();
  }

  private static Document doc(TraceId trace, long span, BytesRef traceTerm, BytesRef spanTerm) {
    Document d = new Document();
    d.add(new StringField(LogFields.TRACE_ID, traceTerm, Field.Store.NO));
    d.add(new StringField(LogFields.SPAN_ID, spanTerm, Field.Store.NO));
    d.add(source(trace, span));
    return d;
  }

  private static StoredField source(TraceId trace, long span) {
    LogRecord r = new LogRecord(1, 1, 9, "INFO", "line", Attributes.EMPTY, 0, 1, trace, span, "");
    return new StoredField(
        LogFields.SOURCE, RecordCodec.encode(new StoredRecord(Attributes.EMPTY, "scope", "", r)));
  }

  private static int count(IndexSearcher s, Query q) throws Exception {
    assertThat(q).isNotNull();
    return s.count(q);
  }
}
