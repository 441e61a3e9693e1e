package dev.vigil.logindex.store;

/**
 * The Lucene field names of a log document (the table in {@code FORMAT.md} says how each is
 * indexed). Names without a leading underscore are what plain Lucene-syntax searches use.
 */
public final class LogFields {
  /**
   * Event time in ns: NumericDocValues for the index sort and ranges, and a LongPoint in documents
   * of formats 1 and 2.
   */
  public static final String TIMESTAMP = "timestamp";

  /**
   * Observed time in ns, LongPoint: documents of formats 1 and 2 ({@link #OBSERVED_DELTA} since).
   */
  public static final String OBSERVED_TIMESTAMP = "observed_timestamp";

  /**
   * Observed time minus {@link #TIMESTAMP}, NumericDocValues, format 3: the two are close, so the
   * difference takes a few bits where a point of the observed time took several bytes.
   */
  public static final String OBSERVED_DELTA = "_observed";

  /** IntPoint. */
  public static final String SEVERITY_NUMBER = "severity_number";

  public static final String SEVERITY_TEXT = "severity_text";
  public static final String DETECTED_LEVEL = "detected_level";

  /**
   * The line, lower-cased tokens: documents of format 1 only. Plain search's {@code body:} asks
   * this field and {@link #LINE} alike.
   */
  public static final String BODY = "body";

  /**
   * The line, case-exact class-prefixed tokens ({@code LineTokenizer}): documents of formats 2 and
   * 3 (format 3 without frequencies, positions and norms).
   */
  public static final String LINE = "_line";

  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";
  public static final String TENANT = "tenant";
  public static final String SCOPE_NAME = "scope.name";
  public static final String EVENT_NAME = "event_name";
  public static final String RESOURCE_PREFIX = "resource.";
  public static final String ATTRIBUTES_PREFIX = "attributes.";

  /** Suffix of the DoublePoint companion of a numeric attribute's keyword field. */
  public static final String NUMERIC_SUFFIX = "#num";

  /**
   * The record in {@link RecordCodec} form: a compressed stored field in documents of formats 1-3;
   * in format 4 what the partition's reader shows for {@link #RECORD} under this name.
   */
  public static final String SOURCE = "_source";

  /**
   * Format 4: the record's ordinal in the partition's record file ({@code records.vlr}),
   * NumericDocValues.
   */
  public static final String RECORD = "_record";

  /** The stream's labels ({@link StreamLabels#encode}), SortedDocValues: formats 1-4. */
  public static final String STREAM = "_stream";

  /**
   * Format 5: the stream's key ({@link StreamKey}), SortedDocValues, in place of {@link #STREAM}
   * and of the tenant, severity and resource fields of earlier formats.
   */
  public static final String STREAM_KEY = "_stream_key";

  /** Format 5: the hash of the document's {@link #STREAM_KEY} ({@link StreamKey#id}), keyword. */
  public static final String STREAM_ID = "_stream_id";

  /** UTF-8 length of the line, NumericDocValues: bytes_over_time without reading the source. */
  public static final String LINE_BYTES = "_bytes";

  /**
   * Translog position of the entry the record came in, LongPoint: a reopened partition removes
   * those ≥ its commit's position. Formats 1-3; format 4 goes by {@link #RECORD} instead.
   */
  public static final String TRANSLOG_POSITION = "_tlog";

  private LogFields() {}
}
