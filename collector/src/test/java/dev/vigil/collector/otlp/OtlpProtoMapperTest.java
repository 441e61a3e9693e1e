package dev.vigil.collector.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.vigil.collector.otlp.DecoderOutcome.Signal;
import dev.vigil.model.Attributes;
import dev.vigil.model.Batch;
import dev.vigil.model.Bytes;
import dev.vigil.model.Resource;
import dev.vigil.model.Scope;
import dev.vigil.model.TraceId;
import dev.vigil.model.metric.Exemplar;
import dev.vigil.model.metric.ExponentialBuckets;
import dev.vigil.model.metric.ExponentialHistogramPoint;
import dev.vigil.model.metric.HistogramPoint;
import dev.vigil.model.metric.MetricData;
import dev.vigil.model.metric.NumberPoint;
import dev.vigil.model.metric.NumberValue;
import dev.vigil.model.metric.SummaryPoint;
import dev.vigil.model.metric.Temporality;
import dev.vigil.model.trace.SpanEvent;
import dev.vigil.model.trace.SpanKind;
import dev.vigil.model.trace.SpanLink;
import dev.vigil.model.trace.Status;
import dev.vigil.model.trace.StatusCode;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference mapping on hand-built messages, field by field. Every case also runs the streaming
 * decoder on the serialized message and expects the same batch and rejections.
 */
class OtlpProtoMapperTest {
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN = "b7ad6b7169203331";
  private static final String PARENT = "00f067aa0ba902b7";

  private final OtlpProtoDecoder decoder = new OtlpProtoDecoder();

  @Test
  void mapsEveryAnyValueKind() {
    var attrs =
        List.of(
            kv("s", AnyValue.newBuilder().setStringValue("héllo ✓").build()),
            kv("b", AnyValue.newBuilder().setBoolValue(true).build()),
            kv("i", AnyValue.newBuilder().setIntValue(-7).build()),
            kv("d", AnyValue.newBuilder().setDoubleValue(2.5).build()),
            kv(
                "y",
                AnyValue.newBuilder()
                    .setBytesValue(ByteString.copyFrom(new byte[] {1, 2}))
                    .build()),
            kv(
                "a",
                AnyValue.newBuilder()
                    .setArrayValue(
                        ArrayValue.newBuilder()
                            .addValues(AnyValue.newBuilder().setIntValue(1))
                            .addValues(AnyValue.getDefaultInstance()))
                    .build()),
            kv(
                "m",
                AnyValue.newBuilder()
                    .setKvlistValue(
                        KeyValueList.newBuilder()
                            .addValues(
                                kv("inner", AnyValue.newBuilder().setStringValue("x").build())))
                    .build()),
            kv("empty", AnyValue.getDefaultInstance()),
            KeyValue.newBuilder().setKey("absent").build(),
            kv("strindex", AnyValue.newBuilder().setStringValueStrindex(3).build()),
            kv("s", AnyValue.newBuilder().setStringValue("dup").build()));
    var request = logsRequest(LogRecord.newBuilder().addAllAttributes(attrs).build());

    dev.vigil.model.log.LogRecord record = only(logs(request, 0, ""));

    Attributes expected =
        Attributes.builder()
            .put("s", "héllo ✓")
            .put("b", true)
            .put("i", -7L)
            .put("d", 2.5)
            .put("y", Bytes.copyOf(new byte[] {1, 2}))
            .put("a", Attributes.array(1L, null))
            .put("m", Attributes.of("inner", "x"))
            .put("empty", null)
            .put("absent", null)
            .put("strindex", null)
            .put("s", "dup")
            .build();
    assertThat(record.attributes()).isEqualTo(expected);
    assertThat(record.attributes().get("s")).isEqualTo("dup");
  }

  @Test
  void mapsAllSpanFields() {
    Span span =
        validSpan()
            .setTraceState("vendor=1")
            .setParentSpanId(hex(PARENT))
            .setFlags(0x301)
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(100)
            .setEndTimeUnixNano(250)
            .addAttributes(kv("k", AnyValue.newBuilder().setStringValue("v").build()))
            .setDroppedAttributesCount(1)
            .addEvents(
                Span.Event.newBuilder()
                    .setTimeUnixNano(120)
                    .setName("exception")
                    .addAttributes(kv("e", AnyValue.newBuilder().setIntValue(1).build()))
                    .setDroppedAttributesCount(2))
            .setDroppedEventsCount(3)
            .addLinks(
                Span.Link.newBuilder()
                    .setTraceId(hex(TRACE))
                    .setSpanId(hex(PARENT))
                    .setTraceState("l=1")
                    .addAttributes(kv("lk", AnyValue.newBuilder().setBoolValue(false).build()))
                    .setDroppedAttributesCount(4)
                    .setFlags(1))
            .setDroppedLinksCount(5)
            .setStatus(
                io.opentelemetry.proto.trace.v1.Status.newBuilder()
                    .setCode(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR)
                    .setMessage("boom"))
            .build();

    dev.vigil.model.trace.Span s = only(traces(tracesRequest(span), 0, ""));

    assertThat(s.traceId()).isEqualTo(TraceId.fromHex(TRACE));
    assertThat(s.spanId()).isEqualTo(Long.parseUnsignedLong(SPAN, 16));
    assertThat(s.traceState()).isEqualTo("vendor=1");
    assertThat(s.parentSpanId()).isEqualTo(Long.parseUnsignedLong(PARENT, 16));
    assertThat(s.flags()).isEqualTo(0x301);
    assertThat(s.name()).isEqualTo("GET /x");
    assertThat(s.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(s.startTimeUnixNano()).isEqualTo(100);
    assertThat(s.endTimeUnixNano()).isEqualTo(250);
    assertThat(s.attributes()).isEqualTo(Attributes.of("k", "v"));
    assertThat(s.droppedAttributesCount()).isEqualTo(1);
    assertThat(s.events())
        .containsExactly(new SpanEvent(120, "exception", Attributes.of("e", 1L), 2));
    assertThat(s.droppedEventsCount()).isEqualTo(3);
    assertThat(s.links())
        .containsExactly(
            new SpanLink(
                TraceId.fromHex(TRACE),
                Long.parseUnsignedLong(PARENT, 16),
                "l=1",
                Attributes.of("lk", false),
                4,
                1));
    assertThat(s.droppedLinksCount()).isEqualTo(5);
    assertThat(s.status()).isEqualTo(new Status(StatusCode.ERROR, "boom"));
  }

  @Test
  void spanDefaultsAndUnknownEnumNumbers() {
    Span span = validSpan().setKindValue(42).build();

    dev.vigil.model.trace.Span s = only(traces(tracesRequest(span), 0, ""));

    assertThat(s.kind()).isEqualTo(SpanKind.UNSPECIFIED);
    assertThat(s.status()).isEqualTo(Status.UNSET);
    assertThat(s.isRoot()).isTrue();
    assertThat(s.events()).isEmpty();
  }

  @Test
  void parentOfEightZeroBytesIsRoot() {
    Span span = validSpan().setParentSpanId(ByteString.copyFrom(new byte[8])).build();
    dev.vigil.model.trace.Span s = only(traces(tracesRequest(span), 0, ""));
    assertThat(s.parentSpanId()).isZero();
  }

  static List<Arguments> badSpans() {
    ByteString zero16 = ByteString.copyFrom(new byte[16]);
    ByteString zero8 = ByteString.copyFrom(new byte[8]);
    ByteString three = ByteString.copyFrom(new byte[] {1, 2, 3});
    return List.of(
        Arguments.of("no trace id", op(b -> b.clearTraceId()), "trace_id has 0 bytes, want 16"),
        Arguments.of("zero trace id", op(b -> b.setTraceId(zero16)), "trace_id is all zero"),
        Arguments.of(
            "short trace id", op(b -> b.setTraceId(three)), "trace_id has 3 bytes, want 16"),
        Arguments.of("no span id", op(b -> b.clearSpanId()), "span_id has 0 bytes, want 8"),
        Arguments.of("zero span id", op(b -> b.setSpanId(zero8)), "span_id is all zero"),
        Arguments.of(
            "short parent",
            op(b -> b.setParentSpanId(three)),
            "parent_span_id has 3 bytes, want 8 or none"),
        Arguments.of(
            "link without span id",
            op(b -> b.addLinks(link(TRACE, PARENT)).addLinks(link(TRACE, ""))),
            "link 1: span_id has 0 bytes, want 8"),
        Arguments.of(
            "link with zero trace id",
            op(b -> b.addLinks(link("00".repeat(16), PARENT))),
            "link 0: trace_id is all zero"),
        Arguments.of(
            "link with short trace id",
            op(b -> b.addLinks(link("0102", PARENT))),
            "link 0: trace_id has 2 bytes, want 16"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpans")
  void refusesSpansWithMalformedIds(
      String name, UnaryOperator<Span.Builder> damage, String problem) {
    Span bad = damage.apply(validSpan()).build();
    Span good = validSpan().setName("ok").build();

    Batch<?> batch = traces(tracesRequest(bad, good), 1, "span \"GET /x\": " + problem);

    assertThat(batch.itemCount()).isEqualTo(1);
    dev.vigil.model.trace.Span s = only(batch);
    assertThat(s.name()).isEqualTo("ok");
  }

  @Test
  void keepsGroupsAsSentEvenWhenEmptyOrAllRefused() {
    var request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(ResourceSpans.newBuilder().setSchemaUrl("https://r"))
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(
                        io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                            .addAttributes(
                                kv(
                                    "service.name",
                                    AnyValue.newBuilder().setStringValue("svc").build()))
                            .setDroppedAttributesCount(2))
                    .addScopeSpans(ScopeSpans.newBuilder().setSchemaUrl("https://s"))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder()
                                    .setName("lib")
                                    .setVersion("1.0")
                                    .addAttributes(
                                        kv("a", AnyValue.newBuilder().setIntValue(1).build()))
                                    .setDroppedAttributesCount(3))
                            .addSpans(validSpan().clearTraceId())))
            .build();

    Batch<?> batch = traces(request, 1, "span \"GET /x\": trace_id has 0 bytes, want 16");

    assertThat(batch.resources()).hasSize(2);
    assertThat(batch.resources().get(0).resource())
        .isEqualTo(new Resource(Attributes.EMPTY, 0, "https://r"));
    assertThat(batch.resources().get(0).scopes()).isEmpty();
    var second = batch.resources().get(1);
    assertThat(second.resource())
        .isEqualTo(new Resource(Attributes.of("service.name", "svc"), 2, ""));
    assertThat(second.scopes()).hasSize(2);
    assertThat(second.scopes().get(0).scope())
        .isEqualTo(new Scope("", "", Attributes.EMPTY, 0, "https://s"));
    assertThat(second.scopes().get(0).items()).isEmpty();
    assertThat(second.scopes().get(1).scope())
        .isEqualTo(new Scope("lib", "1.0", Attributes.of("a", 1L), 3, ""));
    assertThat(second.scopes().get(1).items()).isEmpty();
  }

  @Test
  void mapsAllLogRecordFields() {
    LogRecord record =
        LogRecord.newBuilder()
            .setTimeUnixNano(10)
            .setObservedTimeUnixNano(11)
            .setSeverityNumberValue(17)
            .setSeverityText("ERROR")
            .setBody(AnyValue.newBuilder().setStringValue("disk full"))
            .addAttributes(kv("k", AnyValue.newBuilder().setDoubleValue(0.5).build()))
            .setDroppedAttributesCount(1)
            .setFlags(1)
            .setTraceId(hex(TRACE))
            .setSpanId(hex(SPAN))
            .setEventName("app.crash")
            .build();

    dev.vigil.model.log.LogRecord r = only(logs(logsRequest(record), 0, ""));

    assertThat(r)
        .isEqualTo(
            new dev.vigil.model.log.LogRecord(
                10,
                11,
                17,
                "ERROR",
                "disk full",
                Attributes.of("k", 0.5),
                1,
                1,
                TraceId.fromHex(TRACE),
                Long.parseUnsignedLong(SPAN, 16),
                "app.crash"));
  }

  @Test
  void logRecordWithoutOrWithZeroIdsIsUncorrelated() {
    LogRecord none = LogRecord.getDefaultInstance();
    LogRecord zeros =
        LogRecord.newBuilder()
            .setTraceId(ByteString.copyFrom(new byte[16]))
            .setSpanId(ByteString.copyFrom(new byte[8]))
            .setBody(AnyValue.getDefaultInstance())
            .build();

    Batch<?> batch = logs(logsRequest(none, zeros), 0, "");

    for (var item : batch.resources().get(0).scopes().get(0).items()) {
      var r = (dev.vigil.model.log.LogRecord) item;
      assertThat(r.traceId()).isNull();
      assertThat(r.spanId()).isZero();
      assertThat(r.body()).isNull();
    }
  }

  @Test
  void refusesLogRecordsWithIdsOfWrongLength() {
    LogRecord badTrace =
        LogRecord.newBuilder().setTraceId(ByteString.copyFrom(new byte[8])).build();
    LogRecord badSpan = LogRecord.newBuilder().setSpanId(ByteString.copyFrom(new byte[16])).build();

    Batch<?> batch =
        logs(
            logsRequest(badTrace, badSpan, LogRecord.getDefaultInstance()),
            2,
            "log record: trace_id has 8 bytes, want 16 or none; "
                + "log record: span_id has 16 bytes, want 8 or none");

    assertThat(batch.itemCount()).isEqualTo(1);
  }

  @Test
  void mapsGaugesAndSumsWithExemplars() {
    var exemplar =
        io.opentelemetry.proto.metrics.v1.Exemplar.newBuilder()
            .setTimeUnixNano(5)
            .setAsInt(3)
            .setTraceId(hex(TRACE))
            .setSpanId(hex(SPAN))
            .addFilteredAttributes(kv("f", AnyValue.newBuilder().setStringValue("x").build()));
    Metric gauge =
        Metric.newBuilder()
            .setName("g")
            .setDescription("a gauge")
            .setUnit("By")
            .addMetadata(kv("m", AnyValue.newBuilder().setBoolValue(true).build()))
            .setGauge(
                Gauge.newBuilder()
                    .addDataPoints(
                        NumberDataPoint.newBuilder()
                            .addAttributes(
                                kv("a", AnyValue.newBuilder().setStringValue("b").build()))
                            .setStartTimeUnixNano(1)
                            .setTimeUnixNano(2)
                            .setAsDouble(1.5)
                            .addExemplars(exemplar)
                            .setFlags(0)))
            .build();
    Metric sum =
        Metric.newBuilder()
            .setName("s")
            .setSum(
                Sum.newBuilder()
                    .setAggregationTemporalityValue(2)
                    .setIsMonotonic(true)
                    .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(3).setAsInt(-4))
                    .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(4).setFlags(1)))
            .build();

    Batch<?> batch = metrics(metricsRequest(gauge, sum), 0, "");
    List<?> items = batch.resources().get(0).scopes().get(0).items();

    var g = (dev.vigil.model.metric.Metric) items.get(0);
    assertThat(g.name()).isEqualTo("g");
    assertThat(g.description()).isEqualTo("a gauge");
    assertThat(g.unit()).isEqualTo("By");
    assertThat(g.metadata()).isEqualTo(Attributes.of("m", true));
    assertThat(g.data())
        .isEqualTo(
            new MetricData.Gauge(
                List.of(
                    new NumberPoint(
                        Attributes.of("a", "b"),
                        1,
                        2,
                        NumberValue.ofDouble(1.5),
                        List.of(
                            new Exemplar(
                                Attributes.of("f", "x"),
                                5,
                                NumberValue.ofLong(3),
                                Long.parseUnsignedLong(SPAN, 16),
                                TraceId.fromHex(TRACE))),
                        0))));
    var s = (dev.vigil.model.metric.Metric) items.get(1);
    assertThat(s.data())
        .isEqualTo(
            new MetricData.Sum(
                List.of(
                    new NumberPoint(Attributes.EMPTY, 0, 3, NumberValue.ofLong(-4), List.of(), 0),
                    new NumberPoint(Attributes.EMPTY, 0, 4, null, List.of(), 1)),
                Temporality.CUMULATIVE,
                true));
  }

  @Test
  void mapsHistogramsWithAndWithoutOptionalFields() {
    Metric histogram =
        Metric.newBuilder()
            .setName("h")
            .setHistogram(
                Histogram.newBuilder()
                    .setAggregationTemporalityValue(1)
                    .addDataPoints(
                        HistogramDataPoint.newBuilder()
                            .setStartTimeUnixNano(1)
                            .setTimeUnixNano(2)
                            .setCount(6)
                            .setSum(12.5)
                            .addBucketCounts(1)
                            .addBucketCounts(5)
                            .addExplicitBounds(10)
                            .setFlags(0)
                            .setMin(0.5)
                            .setMax(9))
                    .addDataPoints(HistogramDataPoint.newBuilder().setCount(0)))
            .build();

    dev.vigil.model.metric.Metric m = only(metrics(metricsRequest(histogram), 0, ""));

    assertThat(m.data())
        .isEqualTo(
            new MetricData.Histogram(
                List.of(
                    new HistogramPoint(
                        Attributes.EMPTY,
                        1,
                        2,
                        6,
                        12.5,
                        new long[] {1, 5},
                        new double[] {10},
                        List.of(),
                        0,
                        0.5,
                        9.0),
                    new HistogramPoint(
                        Attributes.EMPTY,
                        0,
                        0,
                        0,
                        null,
                        new long[0],
                        new double[0],
                        List.of(),
                        0,
                        null,
                        null)),
                Temporality.DELTA));
  }

  @Test
  void mapsExponentialHistograms() {
    Metric exp =
        Metric.newBuilder()
            .setName("e")
            .setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                    .setAggregationTemporalityValue(2)
                    .addDataPoints(
                        ExponentialHistogramDataPoint.newBuilder()
                            .setStartTimeUnixNano(1)
                            .setTimeUnixNano(2)
                            .setCount(7)
                            .setSum(3.5)
                            .setScale(-3)
                            .setZeroCount(2)
                            .setPositive(
                                ExponentialHistogramDataPoint.Buckets.newBuilder()
                                    .setOffset(-2)
                                    .addBucketCounts(4)
                                    .addBucketCounts(1))
                            .setFlags(1)
                            .setMin(-1)
                            .setMax(8)
                            .setZeroThreshold(1e-9)))
            .build();

    dev.vigil.model.metric.Metric m = only(metrics(metricsRequest(exp), 0, ""));

    assertThat(m.data())
        .isEqualTo(
            new MetricData.ExponentialHistogram(
                List.of(
                    new ExponentialHistogramPoint(
                        Attributes.EMPTY,
                        1,
                        2,
                        7,
                        3.5,
                        -3,
                        2,
                        new ExponentialBuckets(-2, new long[] {4, 1}),
                        ExponentialBuckets.EMPTY,
                        1,
                        List.of(),
                        -1.0,
                        8.0,
                        1e-9)),
                Temporality.CUMULATIVE));
  }

  @Test
  void mapsSummaries() {
    Metric summary =
        Metric.newBuilder()
            .setName("q")
            .setSummary(
                Summary.newBuilder()
                    .addDataPoints(
                        SummaryDataPoint.newBuilder()
                            .addAttributes(kv("a", AnyValue.newBuilder().setIntValue(1).build()))
                            .setStartTimeUnixNano(1)
                            .setTimeUnixNano(2)
                            .setCount(10)
                            .setSum(55)
                            .addQuantileValues(
                                SummaryDataPoint.ValueAtQuantile.newBuilder()
                                    .setQuantile(0.5)
                                    .setValue(5))
                            .setFlags(0)))
            .build();

    dev.vigil.model.metric.Metric m = only(metrics(metricsRequest(summary), 0, ""));

    assertThat(m.data())
        .isEqualTo(
            new MetricData.Summary(
                List.of(
                    new SummaryPoint(
                        Attributes.of("a", 1L),
                        1,
                        2,
                        10,
                        55,
                        List.of(new SummaryPoint.Quantile(0.5, 5)),
                        0))));
  }

  @Test
  void refusesMetricsWithoutDataAndPointsOneByOne() {
    Metric noData = Metric.newBuilder().setName("nothing").build();
    Metric points =
        Metric.newBuilder()
            .setName("p")
            .setGauge(
                Gauge.newBuilder()
                    .addDataPoints(NumberDataPoint.newBuilder().setAsInt(1))
                    .addDataPoints(NumberDataPoint.newBuilder()) // no value, no flag
                    .addDataPoints(
                        NumberDataPoint.newBuilder()
                            .setAsInt(2)
                            .addExemplars(
                                io.opentelemetry.proto.metrics.v1.Exemplar.newBuilder()
                                    .setAsInt(1)
                                    .setSpanId(ByteString.copyFrom(new byte[3]))))
                    .addDataPoints(
                        NumberDataPoint.newBuilder()
                            .setAsInt(3)
                            .addExemplars(io.opentelemetry.proto.metrics.v1.Exemplar.newBuilder())))
            .build();

    Batch<?> batch =
        metrics(
            metricsRequest(noData, points),
            4,
            "metric \"nothing\": no data (none of gauge, sum, histogram, exponential_histogram,"
                + " summary is set); "
                + "metric \"p\": data point 1: value not set and flags lack NO_RECORDED_VALUE; "
                + "metric \"p\": data point 2: exemplar 0: span_id has 3 bytes, want 8 or none; "
                + "metric \"p\": data point 3: exemplar 0: value not set");

    dev.vigil.model.metric.Metric m = only(batch);
    assertThat(m.data().pointCount()).isEqualTo(1);
  }

  // --- helpers ---

  private static UnaryOperator<Span.Builder> op(UnaryOperator<Span.Builder> f) {
    return f;
  }

  private static Span.Builder validSpan() {
    return Span.newBuilder().setTraceId(hex(TRACE)).setSpanId(hex(SPAN)).setName("GET /x");
  }

  private static Span.Link link(String trace, String span) {
    return Span.Link.newBuilder().setTraceId(hex(trace)).setSpanId(hex(span)).build();
  }

  private static ByteString hex(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static ExportTraceServiceRequest tracesRequest(Span... spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans))))
        .build();
  }

  private static ExportLogsServiceRequest logsRequest(LogRecord... records) {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(List.of(records))))
        .build();
  }

  private static ExportMetricsServiceRequest metricsRequest(Metric... metrics) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))))
        .build();
  }

  /** Maps, checks the rejections, and checks the decoder agrees on the serialized request. */
  private Batch<?> traces(ExportTraceServiceRequest request, long rejected, String reasons) {
    Rejections rejections = new Rejections();
    Batch<?> batch = OtlpProtoMapper.traces(DecoderOutcome.TENANT, request, rejections);
    return checked(Signal.TRACES, request.toByteArray(), batch, rejections, rejected, reasons);
  }

  private Batch<?> logs(ExportLogsServiceRequest request, long rejected, String reasons) {
    Rejections rejections = new Rejections();
    Batch<?> batch = OtlpProtoMapper.logs(DecoderOutcome.TENANT, request, rejections);
    return checked(Signal.LOGS, request.toByteArray(), batch, rejections, rejected, reasons);
  }

  private Batch<?> metrics(ExportMetricsServiceRequest request, long rejected, String reasons) {
    Rejections rejections = new Rejections();
    Batch<?> batch = OtlpProtoMapper.metrics(DecoderOutcome.TENANT, request, rejections);
    return checked(Signal.METRICS, request.toByteArray(), batch, rejections, rejected, reasons);
  }

  private Batch<?> checked(
      Signal signal,
      byte[] bytes,
      Batch<?> batch,
      Rejections rejections,
      long rejected,
      String reasons) {
    assertThat(batch.tenant()).isEqualTo(DecoderOutcome.TENANT);
    assertThat(rejections.count()).isEqualTo(rejected);
    assertThat(rejections.message()).isEqualTo(reasons);
    DecoderOutcome.decoded(decoder, signal, bytes)
        .assertAgreesWith(new DecoderOutcome(batch, rejected, reasons, null));
    return batch;
  }

  @SuppressWarnings("unchecked")
  private static <T> T only(Batch<?> batch) {
    assertThat(batch.itemCount()).isEqualTo(1);
    for (var r : batch.resources()) {
      for (var s : r.scopes()) {
        if (!s.items().isEmpty()) {
          return (T) s.items().get(0);
        }
      }
    }
    throw new AssertionError("unreachable");
  }
}
