package dev.vigil.collector;

import dev.vigil.collector.otlp.MalformedOtlpException;
import dev.vigil.collector.otlp.OtlpJsonDecoder;
import dev.vigil.collector.otlp.OtlpProtoDecoder;
import dev.vigil.collector.otlp.Rejections;
import dev.vigil.model.Batch;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.Tenant;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.sink.Signal;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * The receive path shared by both protocols: decode (streaming protobuf, or JSON) into the model,
 * validate, and queue on the fan-out. Decoding runs on the calling (event-loop) thread with a
 * decoder of that thread's own; the returned future completes when the sink has the batch durably.
 * Public for the JMH benchmark of the whole path. Thread-safe.
 */
public final class ExportPipeline {
  private final FanOut fanOut;
  private final BatchValidator validator;
  private final OtlpJsonDecoder jsonDecoder = new OtlpJsonDecoder();
  private final ThreadLocal<OtlpProtoDecoder> protoDecoders =
      ThreadLocal.withInitial(OtlpProtoDecoder::new);

  ExportPipeline(FanOut fanOut, BatchValidator validator) {
    this.fanOut = fanOut;
    this.validator = validator;
  }

  /** A pipeline as the collector builds it, for benchmarks and embedders. */
  public static ExportPipeline create(FanOut fanOut, ValidationLimits limits, Clock clock) {
    return new ExportPipeline(fanOut, new BatchValidator(limits, clock));
  }

  /** {@link #export} for a protobuf body. */
  public CompletableFuture<ExportResult> exportProtobuf(
      Signal signal, Tenant tenant, byte[] body, int off, int len)
      throws MalformedOtlpException, PipelineFullException {
    return export(signal, tenant, BodyFormat.PROTOBUF, body, off, len);
  }

  /**
   * Decodes, validates and queues one request body.
   *
   * @throws MalformedOtlpException the body cannot be decoded; nothing was queued
   * @throws PipelineFullException the signal's queue is full; nothing was queued
   */
  CompletableFuture<ExportResult> export(
      Signal signal, Tenant tenant, BodyFormat format, byte[] body, int off, int len)
      throws MalformedOtlpException, PipelineFullException {
    fanOut.checkRoom(signal, len);
    Rejections rejections = new Rejections();
    Batch<?> batch = decodeAndValidate(signal, tenant, format, body, off, len, rejections);
    long accepted = itemCount(signal, batch);
    ExportResult result = new ExportResult(accepted, rejections.count(), rejections.message());
    if (accepted == 0) {
      return CompletableFuture.completedFuture(result);
    }
    return fanOut.submit(signal, batch, len).thenApply(ignored -> result);
  }

  private Batch<?> decodeAndValidate(
      Signal signal,
      Tenant tenant,
      BodyFormat format,
      byte[] body,
      int off,
      int len,
      Rejections rejections)
      throws MalformedOtlpException {
    boolean json = format == BodyFormat.JSON;
    return switch (signal) {
      case TRACES ->
          validator.validateSpans(
              json
                  ? jsonDecoder.decodeTraces(tenant, body, off, len, rejections)
                  : protoDecoders.get().decodeTraces(tenant, body, off, len, rejections),
              rejections);
      case LOGS ->
          validator.validateLogs(
              json
                  ? jsonDecoder.decodeLogs(tenant, body, off, len, rejections)
                  : protoDecoders.get().decodeLogs(tenant, body, off, len, rejections),
              rejections);
      case METRICS ->
          validator.validateMetrics(
              json
                  ? jsonDecoder.decodeMetrics(tenant, body, off, len, rejections)
                  : protoDecoders.get().decodeMetrics(tenant, body, off, len, rejections),
              rejections);
    };
  }

  /** Counted items as OTLP counts them: spans, log records, metric data points. */
  static long itemCount(Signal signal, Batch<?> batch) {
    if (signal != Signal.METRICS) {
      return batch.itemCount();
    }
    long points = 0;
    for (ResourceGroup<?> r : batch.resources()) {
      for (ScopeGroup<?> s : r.scopes()) {
        for (Object m : s.items()) {
          points += ((Metric) m).data().pointCount();
        }
      }
    }
    return points;
  }
}
