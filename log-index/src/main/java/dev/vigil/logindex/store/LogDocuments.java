package dev.vigil.logindex.store;

import dev.vigil.logindex.logql.JsonFields;
import dev.vigil.model.Attributes;
import dev.vigil.model.SpanId;
import dev.vigil.model.Tenant;
import dev.vigil.model.log.LogRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;

/** Turns records into their Lucene documents, per the field table in {@code FORMAT.md}. */
public final class LogDocuments {
  /** Keyword values longer than this are not indexed (they stay in the source). */
  static final int MAX_KEYWORD_CHARS = 4096;

  /** Fields of a record with a resource of a dozen attributes and a few of its own. */
  private static final int FIELDS_EXPECTED = 32;

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

  private final java.util.Set<String> jsonBodyFields;
  private final boolean compact;
  private final boolean recordFile;
  private final boolean streamKeys;
  private final Tenant tenant;
  private final List<IndexableField> tenantFields = new ArrayList<>(1);
  private final IndexableField translogPosition;
  private final Map<Severity, SeverityFields> severities = new HashMap<>();

  /**
   * A record attribute's fields by key and scalar value, built once per batch and shared by the
   * documents with that value, as the resource's are: most attribute values repeat within a batch
   * (routes, status codes, thread names), and building them per record (a UTF-8 term, for numbers
   * the decimal text and a point) was 3.7 % of the appending thread's samples and a tenth of its
   * allocation (2026-12-07 12:12 UTC profile, log-index/README.md). Keys are the values' own {@code
   * equals}: a {@code Long} 1 and a {@code Double} 1.0 stay apart, as their fields differ.
   */
  private final Map<String, Map<Object, List<IndexableField>>> attributeFields = new HashMap<>();

  private Attributes resource;
  private ResourceFields resourceFields;
  private String scopeName;
  private final List<IndexableField> scopeFields = new ArrayList<>(1);

  private LogDocuments(
      Tenant tenant, long translogPosition, java.util.Set<String> jsonBodyFields, int format) {
    this.jsonBodyFields = jsonBodyFields;
    this.compact = format >= Partition.FORMAT_COMPACT;
    this.recordFile = format >= Partition.FORMAT_RECORD_FILE;
    this.streamKeys = format >= Partition.FORMAT_STREAMS;
    this.tenant = tenant;
    // Format 4 has none: the record's ordinal tells a reopened partition what its commit caught
    // too late (Partition#open), where a point per document cost its BKD tree at every flush and
    // about 2 B per record on disk.
    this.translogPosition =
        recordFile ? null : new LongPoint(LogFields.TRANSLOG_POSITION, translogPosition);
    if (!streamKeys) {
      keyword(tenantFields::add, LogFields.TENANT, tenant.id());
    }
  }

  /**
   * The documents of one translog entry of a tenant for one partition, in the partition's format
   * (2, 3, 4 or 5: {@link Partition#format()}), with the named top-level fields of a JSON (or OTLP
   * map) body as {@code attributes.*} fields ({@code "*"}: all of them).
   *
   * <p>What records of a batch share (the tenant, the resource's fields and stream labels, the
   * severity's, the scope's, the translog position) is built once and its fields shared by their
   * documents: Lucene only reads a field it indexes. So the documents are for one thread to add and
   * drop, not to change.
   *
   * @param translogPosition the translog entry the records arrived in
   */
  public static LogDocuments forBatch(
      Tenant tenant, long translogPosition, java.util.Set<String> jsonBodyFields, int format) {
    return new LogDocuments(tenant, translogPosition, jsonBodyFields, format);
  }

  /**
   * The one record's document: {@link #forBatch} and {@link #of(StoredRecord, byte[], long)}.
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
    return forBatch(tenant, translogPosition, jsonBodyFields, format).of(stored, source, timestamp);
  }

  /**
   * The record's document.
   *
   * @param source the record's {@link RecordCodec} bytes, stored as they are
   */
  public Document of(StoredRecord stored, byte[] source, long timestamp) {
    Document d = new Document();
    for (IndexableField f : fields(stored, source, timestamp)) {
      d.add(f);
    }
    return d;
  }

  /**
   * The record's document as the list of its fields, what {@link Partition#add} takes: sized for a
   * typical record up front, where a {@link Document} grows its list three times on the way to two
   * dozen fields (4.6 % of the server's allocation on logs-ingest, 2026-12-07 12:12 UTC profile).
   *
   * @param source the record's {@link RecordCodec} bytes, stored as they are
   */
  public List<IndexableField> fields(StoredRecord stored, byte[] source, long timestamp) {
    return fields(stored, new BytesRef(source), timestamp, -1);
  }

  /**
   * {@link #fields(StoredRecord, byte[], long)} with the source a slice of a larger array (a
   * translog entry's), which Lucene copies when it adds the document.
   */
  public List<IndexableField> fields(StoredRecord stored, BytesRef source, long timestamp) {
    return fields(stored, source, timestamp, -1);
  }

  /**
   * The record's document; in format 4 the record is not in it but at {@code record} in the
   * partition's record file ({@link Partition#appendRecords}).
   *
   * @param record the record's ordinal in format 4, else ignored
   */
  public List<IndexableField> fields(
      StoredRecord stored, BytesRef source, long timestamp, long record) {
    return fields(stored, source, timestamp, record, -1);
  }

  /**
   * {@link #fields(StoredRecord, BytesRef, long, long)} with the line's UTF-8 length already known
   * ({@link RecordCodec.Encoder#lineBytes}); -1 measures it here.
   */
  public List<IndexableField> fields(
      StoredRecord stored, BytesRef source, long timestamp, long record, int lineBytes) {
    if (recordFile && record < 0) {
      throw new IllegalArgumentException("a format-4 document needs its record's ordinal");
    }
    LogRecord r = stored.record();
    List<IndexableField> d = new ArrayList<>(FIELDS_EXPECTED);
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
    Severity severity = new Severity(r.severityNumber(), r.severityText());
    if (!streamKeys) {
      SeverityFields sf = severities.get(severity);
      if (sf == null) {
        sf = SeverityFields.of(severity);
        severities.put(severity, sf);
      }
      sf.fields().forEach(d::add);
    }
    String line = LogLine.of(r.body());
    d.add(
        compact
            ? new Field(LogFields.LINE, line, LINE_TERMS_ONLY)
            : new TextField(LogFields.LINE, line, Field.Store.NO));
    d.add(
        new NumericDocValuesField(
            LogFields.LINE_BYTES, lineBytes >= 0 ? lineBytes : LogLine.utf8Length(line)));
    if (r.traceId() != null) {
      BytesRef id = compact ? IdTerms.tracePrefix(r.traceId()) : IdTerms.trace(r.traceId());
      d.add(new StringField(LogFields.TRACE_ID, id, Field.Store.NO));
    }
    if (r.spanId() != SpanId.NONE) {
      BytesRef id = compact ? IdTerms.spanPrefix(r.spanId()) : IdTerms.span(r.spanId());
      d.add(new StringField(LogFields.SPAN_ID, id, Field.Store.NO));
    }
    tenantFields.forEach(d::add);
    if (!stored.scopeName().equals(scopeName)) {
      scopeName = stored.scopeName();
      scopeFields.clear();
      keyword(scopeFields::add, LogFields.SCOPE_NAME, scopeName);
    }
    scopeFields.forEach(d::add);
    keyword(d::add, LogFields.EVENT_NAME, r.eventName());
    // Equal resources give equal fields: a batch's records share one instance (replayed ones one
    // value each), so this builds them once per resource group.
    if (resourceFields == null
        || (stored.resource() != resource && !stored.resource().equals(resource))) {
      resource = stored.resource();
      resourceFields = new ResourceFields(resource, tenant.id(), streamKeys);
    }
    resourceFields.attributeFields().forEach(d::add);
    Attributes attributes = r.attributes();
    for (int i = 0; i < attributes.size(); i++) {
      Object v = attributes.value(i);
      if (v instanceof Attributes || v instanceof List<?>) {
        value(d::add, LogFields.ATTRIBUTES_PREFIX + attributes.key(i), v);
        continue;
      }
      Map<Object, List<IndexableField>> byValue = attributeFields.get(attributes.key(i));
      if (byValue == null) {
        byValue = new HashMap<>();
        attributeFields.put(attributes.key(i), byValue);
      }
      List<IndexableField> fields = byValue.get(v);
      if (fields == null) {
        List<IndexableField> built = new ArrayList<>(2);
        value(built::add, LogFields.ATTRIBUTES_PREFIX + attributes.key(i), v);
        fields = List.copyOf(built);
        byValue.put(v, fields);
      }
      for (int f = 0; f < fields.size(); f++) {
        d.add(fields.get(f));
      }
    }
    if (!jsonBodyFields.isEmpty()) {
      bodyFields(d, r, line, jsonBodyFields);
    }
    d.addAll(resourceFields.streamFields(severity));
    d.add(
        recordFile
            ? new NumericDocValuesField(LogFields.RECORD, record)
            : new StoredField(LogFields.SOURCE, source));
    if (translogPosition != null) {
      d.add(translogPosition);
    }
    return d;
  }

  private static void bodyFields(
      List<IndexableField> d, LogRecord r, String line, java.util.Set<String> wanted) {
    boolean all = wanted.contains("*");
    if (r.body() instanceof Attributes map) {
      for (int i = 0; i < map.size(); i++) {
        String key = map.key(i);
        Object v = map.value(i);
        if ((all || wanted.contains(key))
            && r.attributes().get(key) == null
            && !(v instanceof Attributes)
            && !(v instanceof List<?>)) {
          value(d::add, LogFields.ATTRIBUTES_PREFIX + key, v);
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
        keyword(d::add, field, f.getValue());
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

  /** The fields of an attribute map, each named its key behind {@code prefix}. */
  static void attributes(Consumer<IndexableField> d, String prefix, Attributes a) {
    for (int i = 0; i < a.size(); i++) {
      value(d, prefix + a.key(i), a.value(i));
    }
  }

  private static void value(Consumer<IndexableField> d, String field, Object v) {
    switch (v) {
      case null -> {}
      case Attributes nested -> attributes(d, field + ".", nested);
      case List<?> list -> list.forEach(e -> value(d, field, e));
      case Long l -> {
        keyword(d, field, l.toString());
        d.accept(new DoublePoint(field + LogFields.NUMERIC_SUFFIX, l.doubleValue()));
      }
      case Double x -> {
        keyword(d, field, x.toString());
        d.accept(new DoublePoint(field + LogFields.NUMERIC_SUFFIX, x));
      }
      default -> keyword(d, field, LogLine.scalar(v));
    }
  }

  static void keyword(Consumer<IndexableField> d, String field, String value) {
    if (!value.isEmpty() && value.length() <= MAX_KEYWORD_CHARS) {
      d.accept(new StringField(field, value, Field.Store.NO));
    }
  }
}
