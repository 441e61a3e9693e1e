package dev.vigil.collector.otlp;

import static dev.vigil.collector.otlp.OtlpProtoDecoderPropertiesTest.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import dev.vigil.collector.otlp.DecoderOutcome.Signal;
import dev.vigil.model.Attributes;
import dev.vigil.model.Batch;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.metric.HistogramPoint;
import dev.vigil.model.metric.MetricData;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The decoder on wire-level cases a builder does not produce: malformed input of every kind,
 * hostile nesting, repeated and merged fields, packed and unpacked numbers, protobuf-java's varint
 * leniency. Where parseFrom is defined for the input, the decoder must agree with it.
 */
class OtlpProtoDecoderTest {
  private final OtlpProtoDecoder decoder = new OtlpProtoDecoder();

  @Test
  void refusesInvalidUtf8NamingTheField() throws IOException {
    byte[] span =
        concat(field(1, new byte[16]), field(5, new byte[] {'a', (byte) 0xC0, (byte) 0x80}));
    byte[] request = wrapSpan(span);

    assertThatThrownBy(() -> decodeLogsOrTraces(Signal.TRACES, request))
        .isInstanceOf(MalformedOtlpException.class)
        .hasMessageStartingWith("invalid UTF-8 in Span.name at byte ");
    assertAgree(Signal.TRACES, request);
  }

  @Test
  void refusesEncodedSurrogatesAndOverlongForms() throws IOException {
    for (String hex : new String[] {"eda080", "e08080", "f0808080", "f4908080", "c2", "80", "ff"}) {
      byte[] record = field(3, HexFormat.of().parseHex(hex)); // LogRecord.severity_text
      byte[] request = wrapLogRecord(record);
      assertThatThrownBy(() -> decodeLogsOrTraces(Signal.LOGS, request))
          .as(hex)
          .hasMessageStartingWith("invalid UTF-8 in LogRecord.severity_text");
      assertAgree(Signal.LOGS, request);
    }
  }

  @Test
  void decodesValidUnicodeShortAndLong() throws IOException {
    String shortText = "ключ ✓ 𝄞";
    String longText = "x".repeat(70) + "é" + "y".repeat(100);
    for (String text : new String[] {shortText, longText, "z".repeat(500)}) {
      byte[] request = wrapLogRecord(field(3, text.getBytes(StandardCharsets.UTF_8)));
      LogRecord r = onlyLog(request);
      assertThat(r.severityText()).isEqualTo(text);
      assertAgree(Signal.LOGS, request);
    }
  }

  @Test
  void refusesTruncatedInputWithItsOffset() throws IOException {
    byte[] valid = wrapLogRecord(field(3, "INFO".getBytes(StandardCharsets.UTF_8)));
    for (int len = 1; len < valid.length; len++) {
      byte[] cut = java.util.Arrays.copyOf(valid, len);
      assertThatThrownBy(() -> decodeLogsOrTraces(Signal.LOGS, cut))
          .isInstanceOf(MalformedOtlpException.class)
          .hasMessageMatching(".* at byte \\d+");
      assertAgree(Signal.LOGS, cut);
    }
  }

  @Test
  void refusesInvalidWireTypesAndStrayEndGroups() {
    byte[][] cases = {
      {0x0E}, // field 1, wire type 6
      {0x0F}, // field 1, wire type 7
      {0x0C}, // end-group of field 1, never started
      {0x0B, 0x14}, // group of field 1 ended by field 2's end tag
      {0x0B}, // group never ended
      {0x00}, // field number 0
      {0x0A, (byte) 0x80}, // length varint cut short
      {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}, // negative length
    };
    for (byte[] bytes : cases) {
      assertThatThrownBy(() -> decodeLogsOrTraces(Signal.METRICS, bytes))
          .as(HexFormat.of().formatHex(bytes))
          .isInstanceOf(MalformedOtlpException.class);
      assertAgree(Signal.METRICS, bytes);
    }
  }

  @Test
  void hostileAnyValueNestingIsRefusedWithoutStackOverflow() throws IOException {
    byte[] value = AnyValue.newBuilder().setIntValue(1).build().toByteArray();
    for (int i = 0; i < 20_000; i++) {
      value = field(5, field(1, value)); // AnyValue{array_value: ArrayValue{values: value}}
    }
    byte[] request = wrapLogRecord(field(5, value)); // LogRecord.body

    assertThatThrownBy(() -> decodeLogsOrTraces(Signal.LOGS, request))
        .isInstanceOf(MalformedOtlpException.class)
        .hasMessageContaining("nested deeper than");
    assertAgree(Signal.LOGS, request);
  }

  @Test
  void hostileGroupNestingIsRefusedWithoutStackOverflow() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    for (int i = 0; i < 20_000; i++) {
      c.writeTag(99, 3);
    }
    for (int i = 0; i < 20_000; i++) {
      c.writeTag(99, 4);
    }
    c.flush();
    byte[] request = out.toByteArray();

    assertThatThrownBy(() -> decodeLogsOrTraces(Signal.TRACES, request))
        .hasMessageStartingWith("groups nested deeper than 100");
    assertAgree(Signal.TRACES, request);
  }

  @Test
  void nestingUpToProtobufsLimitIsAccepted() throws IOException {
    // ResourceLogs > ScopeLogs > LogRecord > body: 4 levels below the request, 2 more per array.
    for (int arrays = 46; arrays <= 49; arrays++) {
      byte[] value = AnyValue.newBuilder().setIntValue(1).build().toByteArray();
      for (int i = 0; i < arrays; i++) {
        value = field(5, field(1, value));
      }
      byte[] request = wrapLogRecord(field(5, value));
      assertAgree(Signal.LOGS, request);
      assertThat(DecoderOutcome.decoded(decoder, Signal.LOGS, request).refused())
          .as("%d arrays", arrays)
          .isEqualTo(4 + 2 * arrays > ProtoReader.MAX_DEPTH);
    }
  }

  @Test
  void lastScalarWinsAndRepeatedFieldsAppend() throws IOException {
    byte[] record =
        concat(
            field(3, "WARN".getBytes(StandardCharsets.UTF_8)),
            field(6, kv("a")),
            field(3, "ERROR".getBytes(StandardCharsets.UTF_8)),
            field(6, kv("b")));
    byte[] request = wrapLogRecord(record);

    LogRecord r = onlyLog(request);

    assertThat(r.severityText()).isEqualTo("ERROR");
    assertThat(r.attributes()).isEqualTo(Attributes.of("a", null, "b", null));
    assertAgree(Signal.LOGS, request);
  }

  @Test
  void oneofMembersMergeLikeProtobufJava() throws IOException {
    // body = kvlist{a}, then string "x", then kvlist{b}: protobuf-java keeps its kvlist builder,
    // so the body is kvlist{a, b}.
    byte[] kvA =
        AnyValue.newBuilder()
            .setKvlistValue(KeyValueList.newBuilder().addValues(KeyValue.newBuilder().setKey("a")))
            .build()
            .toByteArray();
    byte[] str = AnyValue.newBuilder().setStringValue("x").build().toByteArray();
    byte[] kvB =
        AnyValue.newBuilder()
            .setKvlistValue(KeyValueList.newBuilder().addValues(KeyValue.newBuilder().setKey("b")))
            .build()
            .toByteArray();
    byte[] request = wrapLogRecord(concat(field(5, kvA), field(5, str), field(5, kvB)));

    assertThat(onlyLog(request).body()).isEqualTo(Attributes.of("a", null, "b", null));
    assertAgree(Signal.LOGS, request);
  }

  @Test
  void acceptsPackedAndUnpackedRepeatedNumbers() throws Exception {
    Metric packed =
        Metric.newBuilder()
            .setName("h")
            .setHistogram(
                Histogram.newBuilder()
                    .addDataPoints(
                        HistogramDataPoint.newBuilder()
                            .addBucketCounts(1)
                            .addBucketCounts(2)
                            .addExplicitBounds(0.5)
                            .setUnknownFields(
                                UnknownFieldSet.newBuilder()
                                    .addField(
                                        6, UnknownFieldSet.Field.newBuilder().addFixed64(3).build())
                                    .addField(
                                        7,
                                        UnknownFieldSet.Field.newBuilder()
                                            .addFixed64(Double.doubleToLongBits(1.5))
                                            .build())
                                    .build())))
            .build();
    byte[] request = field(1, field(2, field(2, packed.toByteArray())));

    Batch<?> batch =
        decoder.decodeMetrics(DecoderOutcome.TENANT, request, 0, request.length, new Rejections());

    var metric =
        (dev.vigil.model.metric.Metric) batch.resources().get(0).scopes().get(0).items().get(0);
    HistogramPoint p = ((MetricData.Histogram) metric.data()).points().get(0);
    assertThat(p.bucketCounts()).containsExactly(1, 2, 3);
    assertThat(p.explicitBounds()).containsExactly(0.5, 1.5);
    assertAgree(Signal.METRICS, request);
  }

  @Test
  void refusesPackedFixed64OfAWrongLength() throws IOException {
    byte[] point = field(6, new byte[12]); // bucket_counts: 1.5 fixed64s
    byte[] request = field(1, field(2, field(2, field(9, field(1, point)))));

    assertThatThrownBy(() -> decodeLogsOrTraces(Signal.METRICS, request))
        .hasMessageStartingWith("packed fixed64 field of 12 bytes");
    assertAgree(Signal.METRICS, request);
  }

  @Test
  void followsProtobufJavaOnTenByteVarints() throws IOException {
    // AnyValue.int_value as ten bytes whose tenth has bit 0 and the continuation bit set: the
    // protobuf-java fast path takes it; with bit 0 clear it is malformed.
    byte[] lenient = HexFormat.of().parseHex("18ffffffffffffffffff81");
    byte[] strict = HexFormat.of().parseHex("18ffffffffffffffffff80");
    byte[] accepted = wrapLogRecord(field(5, lenient));
    byte[] refused = wrapLogRecord(field(5, strict));

    assertThat(onlyLog(accepted).body()).isEqualTo(-1L);
    assertAgree(Signal.LOGS, accepted);
    assertThatThrownBy(() -> decodeLogsOrTraces(Signal.LOGS, refused))
        .hasMessageStartingWith("malformed varint");
    assertAgree(Signal.LOGS, refused);
  }

  @Test
  void staysUsableAfterRefusingARequest() throws IOException {
    byte[] bad = wrapLogRecord(concat(field(6, kv("k")), field(3, new byte[] {(byte) 0xFF})));
    byte[] good = wrapLogRecord(field(6, kv("k")));

    assertThat(DecoderOutcome.decoded(decoder, Signal.LOGS, bad).refused()).isTrue();
    assertAgree(Signal.LOGS, good);
    assertThat(onlyLog(good).attributes()).isEqualTo(Attributes.of("k", null));
  }

  @Test
  void repeatedStringsComeBackEqualAcrossRequests() throws IOException {
    byte[] request =
        wrapLogRecord(
            concat(
                field(6, kv("service.name")), field(3, "INFO".getBytes(StandardCharsets.UTF_8))));
    LogRecord first = onlyLog(request);
    for (int i = 0; i < 5; i++) {
      LogRecord again = onlyLog(request);
      assertThat(again).isEqualTo(first);
    }
    assertThat(onlyLog(request).severityText()).isSameAs(onlyLog(request).severityText());
  }

  @Test
  void decodesOnlyTheGivenRange() throws Exception {
    byte[] request = wrapLogRecord(field(3, "INFO".getBytes(StandardCharsets.UTF_8)));
    byte[] framed = new byte[request.length + 10];
    java.util.Arrays.fill(framed, (byte) 0x0F); // an invalid wire type if it were read
    System.arraycopy(request, 0, framed, 5, request.length);

    Batch<LogRecord> batch =
        decoder.decodeLogs(DecoderOutcome.TENANT, framed, 5, request.length, new Rejections());

    assertThat(batch.itemCount()).isEqualTo(1);
    assertThatThrownBy(
            () -> decoder.decodeLogs(DecoderOutcome.TENANT, framed, 5, 100, new Rejections()))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  // --- helpers ---

  private void assertAgree(Signal signal, byte[] bytes) {
    DecoderOutcome.decoded(decoder, signal, bytes)
        .assertAgreesWith(DecoderOutcome.reference(signal, bytes));
  }

  private Batch<?> decodeLogsOrTraces(Signal signal, byte[] bytes) throws MalformedOtlpException {
    Rejections r = new Rejections();
    return switch (signal) {
      case TRACES -> decoder.decodeTraces(DecoderOutcome.TENANT, bytes, 0, bytes.length, r);
      case LOGS -> decoder.decodeLogs(DecoderOutcome.TENANT, bytes, 0, bytes.length, r);
      case METRICS -> decoder.decodeMetrics(DecoderOutcome.TENANT, bytes, 0, bytes.length, r);
    };
  }

  private LogRecord onlyLog(byte[] request) {
    try {
      Batch<LogRecord> batch =
          decoder.decodeLogs(DecoderOutcome.TENANT, request, 0, request.length, new Rejections());
      assertThat(batch.itemCount()).isEqualTo(1);
      return batch.resources().get(0).scopes().get(0).items().get(0);
    } catch (MalformedOtlpException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] kv(String key) {
    return KeyValue.newBuilder().setKey(key).build().toByteArray();
  }

  private static byte[] wrapSpan(byte[] span) throws IOException {
    return field(1, field(2, field(2, span)));
  }

  private static byte[] wrapLogRecord(byte[] record) throws IOException {
    return field(1, field(2, field(2, record)));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
