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
 * Trace and span ids as terms. They are random and nearly unique per record, so their terms cost
 * their length in the term dictionary. Document format 3 indexes only a prefix (the first 8 bytes
 * of a trace id, 4 of a span id): a term still narrows a lookup to a handful of candidates, which
 * the query then checks against the stored record. Format 2 holds the raw 16 and 8 bytes, and
 * segments written before 2026-12-06 the lower-case hex, so a lookup asks for all three forms.
 */
public final class IdTerms {
  static final int TRACE_PREFIX_BYTES = 8;
  static final int SPAN_PREFIX_BYTES = 4;

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

  /**
   * Every document of the trace and, in format-3 segments, any other whose id shares the prefix: a
   * superset, to be checked against the stored record.
   */
  public static Query traceCandidates(TraceId id) {
    return anyOf(LogFields.TRACE_ID, trace(id), tracePrefix(id), id.toHex());
  }

  /** As {@link #traceCandidates}, for a span id. */
  public static Query spanCandidates(long id) {
    return anyOf(LogFields.SPAN_ID, span(id), spanPrefix(id), SpanId.toHex(id));
  }

  private static Query anyOf(String field, BytesRef binary, BytesRef prefix, String hex) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(field, binary)), Occur.SHOULD)
        .add(new TermQuery(new Term(field, prefix)), Occur.SHOULD)
        .add(new TermQuery(new Term(field, hex)), Occur.SHOULD)
        .build();
  }
}
