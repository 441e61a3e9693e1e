package dev.vigil.collector.otlp;

import dev.vigil.model.Batch;
import dev.vigil.model.Tenant;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.trace.Span;

/**
 * Decodes OTLP export requests from protobuf bytes straight into the model, without building the
 * generated message objects first: the receive path's hot loop. It produces exactly what {@link
 * OtlpProtoMapper} produces from {@code Export*ServiceRequest.parseFrom} of the same bytes (equal
 * batches, the same rejections), and refuses exactly the input {@code parseFrom} refuses, throwing
 * {@link MalformedOtlpException} (and nothing else, whatever the bytes) with the byte offset of the
 * problem.
 *
 * <p>It is faster because it allocates only what the model keeps: strings seen recently (attribute
 * keys, service, span and metric names) come from a small table keyed by their bytes, ids are read
 * in place, and repeated fields are collected in scratch arrays reused from one request to the
 * next.
 *
 * <p>Each decode method reads {@code len} bytes of {@code buf} from {@code off} and throws {@link
 * IndexOutOfBoundsException} if that range is not inside {@code buf} (a caller's bug, not bad
 * input). Items refused one by one (malformed ids, points without a value) are counted in {@code
 * rejections} and left out; the rest of the request is returned.
 *
 * <p><b>Not thread-safe</b>: an instance keeps that scratch state, so use one per thread (for
 * example one per event loop). The returned batches share nothing mutable with the decoder and may
 * be handed to other threads; the input array is not retained after a call returns.
 */
public final class OtlpProtoDecoder {
  private static final GroupsDecoder.Names TRACE_GROUPS =
      GroupsDecoder.Names.of("ResourceSpans", "ScopeSpans");
  private static final GroupsDecoder.Names LOG_GROUPS =
      GroupsDecoder.Names.of("ResourceLogs", "ScopeLogs");
  private static final GroupsDecoder.Names METRIC_GROUPS =
      GroupsDecoder.Names.of("ResourceMetrics", "ScopeMetrics");

  private final ProtoReader reader = new ProtoReader();
  private final ObjectStack stack = new ObjectStack();
  private final GroupsDecoder groups;
  private final SpanDecoder spans;
  private final LogRecordDecoder logRecords;
  private final MetricDecoder metrics;

  public OtlpProtoDecoder() {
    AttributesDecoder attributes = new AttributesDecoder(reader, stack);
    groups = new GroupsDecoder(reader, stack, attributes);
    spans = new SpanDecoder(reader, stack, attributes);
    logRecords = new LogRecordDecoder(reader, stack, attributes);
    metrics = new MetricDecoder(reader, stack, attributes);
  }

  /** Decodes {@code len} bytes of {@code buf} from {@code off} as an ExportTraceServiceRequest. */
  public Batch<Span> decodeTraces(
      Tenant tenant, byte[] buf, int off, int len, Rejections rejections)
      throws MalformedOtlpException {
    start(buf, off, len);
    spans.start(rejections);
    try {
      return groups.decode(tenant, TRACE_GROUPS, spans);
    } finally {
      finish();
    }
  }

  /** Decodes {@code len} bytes of {@code buf} from {@code off} as an ExportLogsServiceRequest. */
  public Batch<LogRecord> decodeLogs(
      Tenant tenant, byte[] buf, int off, int len, Rejections rejections)
      throws MalformedOtlpException {
    start(buf, off, len);
    logRecords.start(rejections);
    try {
      return groups.decode(tenant, LOG_GROUPS, logRecords);
    } finally {
      finish();
    }
  }

  /**
   * Decodes {@code len} bytes of {@code buf} from {@code off} as an ExportMetricsServiceRequest.
   */
  public Batch<Metric> decodeMetrics(
      Tenant tenant, byte[] buf, int off, int len, Rejections rejections)
      throws MalformedOtlpException {
    start(buf, off, len);
    metrics.start(rejections);
    try {
      return groups.decode(tenant, METRIC_GROUPS, metrics);
    } finally {
      finish();
    }
  }

  private void start(byte[] buf, int off, int len) {
    reader.reset(buf, off, len);
    stack.truncate(0);
  }

  private void finish() {
    reader.release();
    stack.truncate(0);
  }
}
