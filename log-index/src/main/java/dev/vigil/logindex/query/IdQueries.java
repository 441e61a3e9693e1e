package dev.vigil.logindex.query;

import dev.vigil.logindex.store.IdTerms;
import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.RecordCodec;
import dev.vigil.model.SpanId;
import dev.vigil.model.TraceId;
import org.apache.lucene.search.Query;

/**
 * Trace and span id lookups: {@link IdTerms}' candidates (a format-3 segment indexes only a prefix
 * of each id), each checked against the id in the stored record.
 */
final class IdQueries {
  private IdQueries() {}

  static Query trace(TraceId id) {
    return new RecordCheckQuery(
        IdTerms.traceCandidates(id),
        src -> id.equals(RecordCodec.decode(src.bytes, src.offset, src.length).record().traceId()),
        LogFields.TRACE_ID + "=" + id.toHex());
  }

  static Query span(long id) {
    return new RecordCheckQuery(
        IdTerms.spanCandidates(id),
        src -> RecordCodec.decode(src.bytes, src.offset, src.length).record().spanId() == id,
        LogFields.SPAN_ID + "=" + SpanId.toHex(id));
  }

  /**
   * The query for {@code text} typed against {@code trace_id} or {@code span_id} when it is an id
   * (hex digits of the right length, either case), else null.
   */
  static Query parse(String field, String text) {
    try {
      if (field.equals(LogFields.TRACE_ID) && text.length() == 32) {
        return trace(TraceId.fromHex(text));
      }
      if (field.equals(LogFields.SPAN_ID) && text.length() == 16) {
        return span(SpanId.fromHex(text));
      }
    } catch (IllegalArgumentException e) {
      return null; // not hex: matches nothing in any form, as the term itself would
    }
    return null;
  }
}
