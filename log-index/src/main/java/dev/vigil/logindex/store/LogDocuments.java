package dev.vigil.logindex.store;

import dev.vigil.logindex.logql.JsonFields;
import dev.vigil.model.Attributes;
import dev.vigil.model.SpanId;
import dev.vigil.model.Tenant;
import dev.vigil.model.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;

/** Turns a record into its Lucene document, per the field table in {@code FORMAT.md}. */
public final class LogDocuments {
  /** Keyword values longer than this are not indexed (they stay in the source). */
  static final int MAX_KEYWORD_CHARS = 4096;

  /**
   * The line of format 3: terms only. Frequencies and norms serve scoring, which no log query uses
   * (results are ordered by time), and positions serve only plain search's phrases, which are
   * checked on the text instead ({@code query.LinePhraseQuery}).
   */
  private static final FieldType LINE_TERMS_ONLY = new FieldType();

  static {
    LINE_TERMS_ONLY.setTokenized(true);
    LINE_TERMS_ONLY.setOmitNorms(true);
    LINE_TERMS_ONLY.setIndexOptions(IndexOptions.DOCS);
    LINE_TERMS_ONLY.freeze();
  }

  private LogDocuments() {}

  /**
   * The record's document in the given format (2 or 3: {@link Partition#format()}), with the named
   * top-level fields of a JSON (or OTLP map) body as {@code attributes.*} fields ({@code "*"}: all
   * of them).
   *
   * @param source the record's {@link RecordCodec} bytes, stored as they are
   * @param translogPosition the translog entry the record arrived in
   */
  public static Document of(
      Tenant tenant,
      StoredRecord stored,
      byte[] source,
      long translogPosition,
      long timestamp,
      java.util.Set<String> jsonBodyFields,
      int format) {
    boolean compact = format >= Partition.FORMAT_NEW;
    LogRecord r = stored.record();
    Document d = new Document();
    if (!compact) {
      // Format 3 ranges over the doc values, which the index is sorted by (query.TimeRanges).
      d.add(new LongPoint(LogFields.TIMESTAMP, timestamp));
    }
    d.add(new NumericDocValuesField(LogFields.TIMESTAMP, timestamp));
    if (r.observedTimeUnixNano() != 0) {
      // Wrapping subtraction: exact for any two values (query.ObservedRangeQuery adds it back).
      d.add(
          compact
              ? new NumericDocValuesField(
                  LogFields.OBSERVED_DELTA, r.observedTimeUnixNano() - timestamp)
              : new LongPoint(LogFields.OBSERVED_TIMESTAMP, r.observedTimeUnixNano()));
    }
    d.add(new IntPoint(LogFields.SEVERITY_NUMBER, r.severityNumber()));
    keyword(d, LogFields.SEVERITY_TEXT, r.severityText());
    keyword(
        d,
        LogFields.DETECTED_LEVEL,
        StreamLabels.detectedLevel(r.severityNumber(), r.severityText()));
    String line = LogLine.of(r.body());
    d.add(
        compact
            ? new Field(LogFields.LINE, line, LINE_TERMS_ONLY)
            : new TextField(LogFields.LINE, line, Field.Store.NO));
    d.add(
        new NumericDocValuesField(
            LogFields.LINE_BYTES, line.getBytes(StandardCharsets.UTF_8).length));
    if (r.traceId() != null) {
      BytesRef id = compact ? IdTerms.tracePrefix(r.traceId()) : IdTerms.trace(r.traceId());
      d.add(new StringField(LogFields.TRACE_ID, id, Field.Store.NO));
    }
    if (r.spanId() != SpanId.NONE) {
      BytesRef id = compact ? IdTerms.spanPrefix(r.spanId()) : IdTerms.span(r.spanId());
      d.add(new StringField(LogFields.SPAN_ID, id, Field.Store.NO));
    }
    keyword(d, LogFields.TENANT, tenant.id());
    keyword(d, LogFields.SCOPE_NAME, stored.scopeName());
    keyword(d, LogFields.EVENT_NAME, r.eventName());
    attributes(d, LogFields.RESOURCE_PREFIX, stored.resource());
    attributes(d, LogFields.ATTRIBUTES_PREFIX, r.attributes());
    if (!jsonBodyFields.isEmpty()) {
      bodyFields(d, r, line, jsonBodyFields);
    }
    d.add(
        new SortedDocValuesField(
            LogFields.STREAM,
            StreamLabels.encode(
                StreamLabels.of(stored.resource(), r.severityText(), r.severityNumber()))));
    d.add(new StoredField(LogFields.SOURCE, source));
    d.add(new LongPoint(LogFields.TRANSLOG_POSITION, translogPosition));
    return d;
  }

  private static void bodyFields(
      Document d, LogRecord r, String line, java.util.Set<String> wanted) {
    boolean all = wanted.contains("*");
    if (r.body() instanceof Attributes map) {
      for (int i = 0; i < map.size(); i++) {
        String key = map.key(i);
        Object v = map.value(i);
        if ((all || wanted.contains(key))
            && r.attributes().get(key) == null
            && !(v instanceof Attributes)
            && !(v instanceof List<?>)) {
          value(d, LogFields.ATTRIBUTES_PREFIX + key, v);
        }
      }
      return;
    }
    java.util.Map<String, String> fields = JsonFields.topLevel(line);
    if (fields == null) {
      return;
    }
    for (java.util.Map.Entry<String, String> f : fields.entrySet()) {
      String key = f.getKey();
      if ((all || wanted.contains(key)) && r.attributes().get(key) == null) {
        String field = LogFields.ATTRIBUTES_PREFIX + key;
        keyword(d, field, f.getValue());
        double number = number(f.getValue());
        if (!Double.isNaN(number)) {
          d.add(new DoublePoint(field + LogFields.NUMERIC_SUFFIX, number));
        }
      }
    }
  }

  /** The value as a finite number, else NaN (JSON text such as "true" or "abc" is no number). */
  private static double number(String s) {
    if (s.isEmpty() || !(Character.isDigit(s.charAt(s.length() - 1)))) {
      return Double.NaN;
    }
    try {
      double x = Double.parseDouble(s);
      return Double.isFinite(x) ? x : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static void attributes(Document d, String prefix, Attributes a) {
    for (int i = 0; i < a.size(); i++) {
      value(d, prefix + a.key(i), a.value(i));
    }
  }

  private static void value(Document d, String field, Object v) {
    switch (v) {
      case null -> {}
      case Attributes nested -> attributes(d, field + ".", nested);
      case List<?> list -> list.forEach(e -> value(d, field, e));
      case Long l -> {
        keyword(d, field, l.toString());
        d.add(new DoublePoint(field + LogFields.NUMERIC_SUFFIX, l.doubleValue()));
      }
      case Double x -> {
        keyword(d, field, x.toString());
        d.add(new DoublePoint(field + LogFields.NUMERIC_SUFFIX, x));
      }
      default -> keyword(d, field, LogLine.scalar(v));
    }
  }

  private static void keyword(Document d, String field, String value) {
    if (!value.isEmpty() && value.length() <= MAX_KEYWORD_CHARS) {
      d.add(new StringField(field, value, Field.Store.NO));
    }
  }
}
