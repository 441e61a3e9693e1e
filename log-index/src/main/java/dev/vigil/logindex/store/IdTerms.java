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
 * their full length in the term dictionary: indexed as the raw 16 and 8 bytes rather than 32 and 16
 * hex digits. Segments written before that hold the lower-case hex, so a lookup asks for both.
 */
public final class IdTerms {
  private IdTerms() {}

  public static BytesRef trace(TraceId id) {
    return new BytesRef(id.toBytes());
  }

  public static BytesRef span(long id) {
    return new BytesRef(SpanId.toBytes(id));
  }

  public static Query traceQuery(TraceId id) {
    return either(LogFields.TRACE_ID, trace(id), id.toHex());
  }

  public static Query spanQuery(long id) {
    return either(LogFields.SPAN_ID, span(id), SpanId.toHex(id));
  }

  /**
   * The query for {@code text} typed against {@code trace_id} or {@code span_id}: both forms of the
   * id when it is one (hex digits of the right length, either case), else null.
   */
  public static Query parse(String field, String text) {
    try {
      if (field.equals(LogFields.TRACE_ID) && text.length() == 32) {
        return traceQuery(TraceId.fromHex(text));
      }
      if (field.equals(LogFields.SPAN_ID) && text.length() == 16) {
        return spanQuery(SpanId.fromHex(text));
      }
    } catch (IllegalArgumentException e) {
      return null; // not hex: matches nothing in either form, as the term itself would
    }
    return null;
  }

  private static Query either(String field, BytesRef binary, String hex) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(field, binary)), Occur.SHOULD)
        .add(new TermQuery(new Term(field, hex)), Occur.SHOULD)
        .build();
  }
}
