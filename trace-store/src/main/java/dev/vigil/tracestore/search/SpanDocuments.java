package dev.vigil.tracestore.search;

import dev.vigil.model.Attributes;
import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanEvent;
import dev.vigil.tracestore.StoredSpan;
import dev.vigil.tracestore.query.AttributeValues;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;

/** Turns a span into its Lucene document. */
final class SpanDocuments {
  private SpanDocuments() {}

  static Document document(StoredSpan s, long segment) {
    Span span = s.span();
    Document d = new Document();
    d.add(new StoredField(SpanFields.TRACE_ID, span.traceId().toBytes()));
    d.add(new LongPoint(SpanFields.SEGMENT, segment));
    // Doc values with a skip index, no point: documents are in trace-id order, so a point would pay
    // a doc id per span (6 of ~28 index bytes per span), while the skip index's per-block ranges
    // already prune by flush, and each flush covers its own stretch of time.
    d.add(NumericDocValuesField.indexedField(SpanFields.START, span.startTimeUnixNano()));
    d.add(new LongPoint(SpanFields.DURATION, span.durationNanos()));
    d.add(keyword(SpanFields.NAME, span.name()));
    d.add(keyword(SpanFields.SERVICE, s.serviceName()));
    String status = span.status().code().name().toLowerCase(Locale.ROOT);
    String kind = span.kind().name().toLowerCase(Locale.ROOT);
    d.add(keyword(SpanFields.STATUS, status));
    d.add(keyword(SpanFields.KIND, kind));
    d.add(keyword(SpanFields.OPERATION, SpanFields.operation(s.serviceName(), kind, span.name())));
    if (!span.status().message().isEmpty()) {
      d.add(keyword(SpanFields.STATUS_MESSAGE, span.status().message()));
    }
    attributes(d, SpanFields.SPAN_ATTR, span.attributes());
    attributes(d, SpanFields.RESOURCE_ATTR, s.resource().attributes());
    for (SpanEvent e : span.events()) {
      d.add(keyword(SpanFields.EVENT_NAME, e.name()));
      attributes(d, SpanFields.EVENT_ATTR, e.attributes());
    }
    return d;
  }

  private static void attributes(Document d, String prefix, Attributes a) {
    for (int i = 0; i < a.size(); i++) {
      Object v = a.value(i);
      String text = AttributeValues.text(v);
      if (text == null) {
        continue;
      }
      String field = prefix + a.key(i);
      d.add(keyword(field, text));
      if (AttributeValues.isNumeric(v)) {
        d.add(new DoublePoint(SpanFields.NUMERIC + field, AttributeValues.number(v)));
      }
    }
  }

  private static StringField keyword(String field, String value) {
    return new StringField(field, AttributeValues.cut(value), Field.Store.NO);
  }
}
