package dev.vigil.logindex.store;

import dev.vigil.model.SpanId;
import dev.vigil.model.TraceId;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Trace and span ids as terms. They are random and nearly unique per record, so each costs its
 * length in the term dictionary besides the few bytes of a term's own. Document format 3 indexes
 * only a prefix: since 2026-12-07 the first 4 bytes of a trace id and 3 of a span id, before that 8
 * and 4. A prefix still narrows a lookup to the record's own documents and, in a partition of N
 * documents, about N / 2^32 (trace) or N / 2^24 (span) strangers, which the query then tells apart
 * by the id in the stored record: none for a trace in an hour of 10 M records, a handful for a span
 * in a day of 100 M. Format 2 holds the raw 16 and 8 bytes, and segments written before 2026-12-06
 * the lower-case hex, so a lookup asks for all four forms (their lengths differ, so no form is
 * mistaken for another).
 */
public final class IdTerms {
  static final int TRACE_PREFIX_BYTES = 4;
  static final int SPAN_PREFIX_BYTES = 3;
  static final int EARLIER_TRACE_PREFIX_BYTES = 8;
  static final int EARLIER_SPAN_PREFIX_BYTES = 4;

  private IdTerms() {}

  /** Format 2. */
  public static BytesRef trace(TraceId id) {
    return new BytesRef(id.toBytes());
  }

  /** Format 2. */
  public static BytesRef span(long id) {
    return new BytesRef(SpanId.toBytes(id));
  }

  /** Format 3. */
  public static BytesRef tracePrefix(TraceId id) {
    return new BytesRef(id.toBytes(), 0, TRACE_PREFIX_BYTES);
  }

  /** Format 3. */
  public static BytesRef spanPrefix(long id) {
    return new BytesRef(SpanId.toBytes(id), 0, SPAN_PREFIX_BYTES);
  }

  /** Format 3 as written before 2026-12-07. */
  public static BytesRef earlierTracePrefix(TraceId id) {
    return new BytesRef(id.toBytes(), 0, EARLIER_TRACE_PREFIX_BYTES);
  }

  /** Format 3 as written before 2026-12-07. */
  public static BytesRef earlierSpanPrefix(long id) {
    return new BytesRef(SpanId.toBytes(id), 0, EARLIER_SPAN_PREFIX_BYTES);
  }

  /**
   * Every document of the trace and, in format-3 segments, any other whose id shares the prefix: a
   * superset, to be checked against the stored record.
   */
  public static Query traceCandidates(TraceId id) {
    return anyOf(
        LogFields.TRACE_ID, trace(id), tracePrefix(id), earlierTracePrefix(id), id.toHex());
  }

  /** As {@link #traceCandidates}, for a span id. */
  public static Query spanCandidates(long id) {
    return anyOf(
        LogFields.SPAN_ID, span(id), spanPrefix(id), earlierSpanPrefix(id), SpanId.toHex(id));
  }

  private static Query anyOf(
      String field, BytesRef binary, BytesRef prefix, BytesRef earlierPrefix, String hex) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(field, binary)), Occur.SHOULD)
        .add(new TermQuery(new Term(field, prefix)), Occur.SHOULD)
        .add(new TermQuery(new Term(field, earlierPrefix)), Occur.SHOULD)
        .add(new TermQuery(new Term(field, hex)), Occur.SHOULD)
        .build();
  }
}
