package dev.vigil.collector.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.vigil.model.Batch;
import dev.vigil.model.Tenant;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * What decoding some bytes came to — a batch with its rejections, or a refusal — by either path:
 * {@code parseFrom} then {@link OtlpProtoMapper}, or {@link OtlpProtoDecoder}. Two outcomes agree
 * when both refused, or both produced equal batches with equal rejection counts and messages.
 */
record DecoderOutcome(Batch<?> batch, long rejected, String rejectionMessage, String error) {
  static final Tenant TENANT = new Tenant("t1");

  enum Signal {
    TRACES,
    LOGS,
    METRICS
  }

  static DecoderOutcome reference(Signal signal, byte[] bytes) {
    Rejections rejections = new Rejections();
    try {
      Batch<?> batch =
          switch (signal) {
            case TRACES ->
                OtlpProtoMapper.traces(
                    TENANT, ExportTraceServiceRequest.parseFrom(bytes), rejections);
            case LOGS ->
                OtlpProtoMapper.logs(TENANT, ExportLogsServiceRequest.parseFrom(bytes), rejections);
            case METRICS ->
                OtlpProtoMapper.metrics(
                    TENANT, ExportMetricsServiceRequest.parseFrom(bytes), rejections);
          };
      return new DecoderOutcome(batch, rejections.count(), rejections.message(), null);
    } catch (InvalidProtocolBufferException e) {
      return new DecoderOutcome(null, 0, "", e.getMessage());
    }
  }

  /**
   * Decodes with {@code decoder}, from an offset inside a larger array to check the range is
   * honoured; anything thrown but MalformedOtlpException fails the test.
   */
  static DecoderOutcome decoded(OtlpProtoDecoder decoder, Signal signal, byte[] bytes) {
    byte[] padded = new byte[bytes.length + 7];
    java.util.Arrays.fill(padded, (byte) 0xFF);
    System.arraycopy(bytes, 0, padded, 3, bytes.length);
    Rejections rejections = new Rejections();
    try {
      Batch<?> batch =
          switch (signal) {
            case TRACES -> decoder.decodeTraces(TENANT, padded, 3, bytes.length, rejections);
            case LOGS -> decoder.decodeLogs(TENANT, padded, 3, bytes.length, rejections);
            case METRICS -> decoder.decodeMetrics(TENANT, padded, 3, bytes.length, rejections);
          };
      return new DecoderOutcome(batch, rejections.count(), rejections.message(), null);
    } catch (MalformedOtlpException e) {
      assertThat(e.getMessage()).contains(" at byte ");
      return new DecoderOutcome(null, 0, "", e.getMessage());
    }
  }

  boolean refused() {
    return error != null;
  }

  /** Asserts this decoder outcome agrees with the reference outcome. */
  void assertAgreesWith(DecoderOutcome reference) {
    if (reference.refused()) {
      assertThat(refused())
          .as("parseFrom refused (%s) but the decoder accepted", reference.error)
          .isTrue();
      return;
    }
    assertThat(error).as("the decoder refused what parseFrom accepted").isNull();
    assertThat(batch).isEqualTo(reference.batch);
    assertThat(rejected).isEqualTo(reference.rejected);
    assertThat(rejectionMessage).isEqualTo(reference.rejectionMessage);
  }
}
