package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Attributes;
import dev.vigil.model.Batch;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.SpanId;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.metric.ExponentialHistogramPoint;
import dev.vigil.model.metric.HistogramPoint;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.metric.NumberPoint;
import dev.vigil.model.metric.Temporality;
import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real OpenTelemetry Java SDK exports to the real server over every transport it offers; what
 * reached the sinks must be exactly what the SDK sent: every id, timestamp, attribute, resource,
 * scope and value.
 */
class OtlpSdkEndToEndTest {
  @TempDir static Path dataDir;
  static RunningServer vigil;

  private static final Resource RESOURCE =
      Resource.create(
          io.opentelemetry.api.common.Attributes.builder()
              .put("service.name", "checkout")
              .put("service.instance.id", "checkout-1")
              .put("deployment.environment", "test")
              .put("host.cores", 2L)
              .build());

  @BeforeAll
  static void start() throws Exception {
    vigil = new RunningServer(dataDir);
  }

  @AfterAll
  static void stop() throws Exception {
    vigil.close();
  }

  @BeforeEach
  void clear() {
    vigil.spans.clear();
    vigil.logs.clear();
    vigil.metrics.clear();
  }

  static Stream<Arguments> spanExporters() {
    return Stream.of(
        Arguments.of(
            "grpc",
            (java.util.function.Supplier<SpanExporter>)
                () -> OtlpGrpcSpanExporter.builder().setEndpoint(vigil.grpcEndpoint()).build()),
        Arguments.of(
            "grpc+gzip",
            (java.util.function.Supplier<SpanExporter>)
                () ->
                    OtlpGrpcSpanExporter.builder()
                        .setEndpoint(vigil.grpcEndpoint())
                        .setCompression("gzip")
                        .build()),
        Arguments.of(
            "http/protobuf",
            (java.util.function.Supplier<SpanExporter>)
                () ->
                    OtlpHttpSpanExporter.builder()
                        .setEndpoint(vigil.otlpHttpEndpoint("traces"))
                        .build()),
        Arguments.of(
            "http/protobuf+gzip",
            (java.util.function.Supplier<SpanExporter>)
                () ->
                    OtlpHttpSpanExporter.builder()
                        .setEndpoint(vigil.otlpHttpEndpoint("traces"))
                        .setCompression("gzip")
                        .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spanExporters")
  void spansArriveExactlyAsSent(
      String transport, java.util.function.Supplier<SpanExporter> exporterFactory)
      throws Exception {
    InMemorySpanExporter sent = InMemorySpanExporter.create();
    SpanExporter exporter = exporterFactory.get();
    SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .setResource(RESOURCE)
            .addSpanProcessor(SimpleSpanProcessor.create(sent))
            .build();
    var tracer = tracing.get("dev.vigil.test", "1.2.3");
    SpanContext linked =
        SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.builder().put("vendor", "value").build());
    var root =
        tracer
            .spanBuilder("POST /checkout")
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", "POST")
            .setAttribute("http.response.status_code", 500L)
            .setAttribute("retry", true)
            .setAttribute("ratio", 0.25)
            .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b"))
            .setAttribute(AttributeKey.longArrayKey("sizes"), List.of(1L, 2L))
            .addLink(
                linked,
                io.opentelemetry.api.common.Attributes.of(
                    AttributeKey.stringKey("link.kind"), "follows"))
            .startSpan();
    try (Scope ignored = root.makeCurrent()) {
      var child = tracer.spanBuilder("charge card").setSpanKind(SpanKind.CLIENT).startSpan();
      child.addEvent(
          "retrying",
          io.opentelemetry.api.common.Attributes.of(AttributeKey.longKey("attempt"), 2L));
      child.recordException(new IllegalStateException("card declined"));
      child.setStatus(StatusCode.ERROR, "payment failed");
      child.end();
    }
    root.setStatus(StatusCode.OK);
    root.end();
    tracing.forceFlush().join(10, TimeUnit.SECONDS);
    List<SpanData> expected = sent.getFinishedSpanItems();
    assertThat(expected).hasSize(2);
    CompletableResultCode result = exporter.export(expected).join(30, TimeUnit.SECONDS);
    assertThat(result.isSuccess()).as(transport + " export").isTrue();
    exporter.shutdown();
    tracing.shutdown();

    List<Span> received = vigil.spans.items();
    assertThat(received).hasSize(2);
    Batch<Span> batch = vigil.spans.batches().get(0);
    ResourceGroup<Span> group = batch.resources().get(0);
    assertThat(group.resource().attributes()).isEqualTo(toModel(RESOURCE.getAttributes()));
    ScopeGroup<Span> scope = group.scopes().get(0);
    assertThat(scope.scope().name()).isEqualTo("dev.vigil.test");
    assertThat(scope.scope().version()).isEqualTo("1.2.3");
    for (SpanData e : expected) {
      Span r =
          received.stream().filter(s -> s.name().equals(e.getName())).findFirst().orElseThrow();
      assertThat(r.traceId().toHex()).isEqualTo(e.getTraceId());
      assertThat(SpanId.toHex(r.spanId())).isEqualTo(e.getSpanId());
      assertThat(r.parentSpanId() == 0 ? "0000000000000000" : SpanId.toHex(r.parentSpanId()))
          .isEqualTo(e.getParentSpanId());
      assertThat(r.kind().name()).isEqualTo(e.getKind().name());
      assertThat(r.startTimeUnixNano()).isEqualTo(e.getStartEpochNanos());
      assertThat(r.endTimeUnixNano()).isEqualTo(e.getEndEpochNanos());
      assertThat(r.attributes()).isEqualTo(toModel(e.getAttributes()));
      assertThat(r.status().code().name()).isEqualTo(e.getStatus().getStatusCode().name());
      assertThat(r.status().message()).isEqualTo(e.getStatus().getDescription());
      assertThat(r.flags() & 0xFF).isEqualTo(e.getSpanContext().getTraceFlags().asByte() & 0xFF);
      assertThat(r.events()).hasSize(e.getEvents().size());
      for (int i = 0; i < e.getEvents().size(); i++) {
        EventData ee = e.getEvents().get(i);
        SpanEvent re = r.events().get(i);
        assertThat(re.name()).isEqualTo(ee.getName());
        assertThat(re.timeUnixNano()).isEqualTo(ee.getEpochNanos());
        assertThat(re.attributes()).isEqualTo(toModel(ee.getAttributes()));
      }
      assertThat(r.links()).hasSize(e.getLinks().size());
      for (int i = 0; i < e.getLinks().size(); i++) {
        LinkData el = e.getLinks().get(i);
        assertThat(r.links().get(i).traceId().toHex()).isEqualTo(el.getSpanContext().getTraceId());
        assertThat(SpanId.toHex(r.links().get(i).spanId()))
            .isEqualTo(el.getSpanContext().getSpanId());
        assertThat(r.links().get(i).traceState()).isEqualTo("vendor=value");
        assertThat(r.links().get(i).attributes()).isEqualTo(toModel(el.getAttributes()));
      }
    }
    assertThat(
            received.stream()
                .filter(s -> s.name().equals("charge card"))
                .findFirst()
                .orElseThrow()
                .events())
        .extracting(SpanEvent::name)
        .containsExactly("retrying", "exception");
  }

  static Stream<Arguments> logExporters() {
    return Stream.of(
        Arguments.of(
            "grpc",
            (java.util.function.Supplier<LogRecordExporter>)
                () ->
                    OtlpGrpcLogRecordExporter.builder().setEndpoint(vigil.grpcEndpoint()).build()),
        Arguments.of(
            "http/protobuf",
            (java.util.function.Supplier<LogRecordExporter>)
                () ->
                    OtlpHttpLogRecordExporter.builder()
                        .setEndpoint(vigil.otlpHttpEndpoint("logs"))
                        .setCompression("gzip")
                        .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logExporters")
  void logsArriveExactlyAsSent(
      String transport, java.util.function.Supplier<LogRecordExporter> exporterFactory)
      throws Exception {
    InMemoryLogRecordExporter sent = InMemoryLogRecordExporter.create();
    SdkLoggerProvider logging =
        SdkLoggerProvider.builder()
            .setResource(RESOURCE)
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(sent))
            .build();
    var logger = logging.get("dev.vigil.test.logs");
    SpanContext spanContext =
        SpanContext.create(
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    logger
        .logRecordBuilder()
        .setSeverity(Severity.ERROR)
        .setSeverityText("ERROR")
        .setBody("payment provider timeout after 2000 ms")
        .setAttribute(AttributeKey.stringKey("order.id"), "o-123")
        .setAttribute(AttributeKey.longKey("http.response.status_code"), 504L)
        .setTimestamp(1_700_000_000_123L, TimeUnit.MILLISECONDS)
        .setContext(Context.root().with(io.opentelemetry.api.trace.Span.wrap(spanContext)))
        .emit();
    logger
        .logRecordBuilder()
        .setSeverity(Severity.INFO)
        .setBody("{\"msg\":\"ok\",\"latency_ms\":12}")
        .emit();
    List<LogRecordData> expected = sent.getFinishedLogRecordItems();
    assertThat(expected).hasSize(2);
    LogRecordExporter exporter = exporterFactory.get();
    assertThat(exporter.export(expected).join(30, TimeUnit.SECONDS).isSuccess())
        .as(transport)
        .isTrue();
    exporter.shutdown();
    logging.shutdown();

    List<LogRecord> received = vigil.logs.items();
    assertThat(received).hasSize(2);
    assertThat(vigil.logs.batches().get(0).resources().get(0).resource().attributes())
        .isEqualTo(toModel(RESOURCE.getAttributes()));
    assertThat(vigil.logs.batches().get(0).resources().get(0).scopes().get(0).scope().name())
        .isEqualTo("dev.vigil.test.logs");
    for (int i = 0; i < expected.size(); i++) {
      LogRecordData e = expected.get(i);
      LogRecord r = received.get(i);
      assertThat(r.body()).isEqualTo(e.getBodyValue().asString());
      assertThat(r.severityNumber()).isEqualTo(e.getSeverity().getSeverityNumber());
      assertThat(r.severityText())
          .isEqualTo(e.getSeverityText() == null ? "" : e.getSeverityText());
      assertThat(r.timeUnixNano()).isEqualTo(e.getTimestampEpochNanos());
      assertThat(r.observedTimeUnixNano()).isEqualTo(e.getObservedTimestampEpochNanos());
      assertThat(r.attributes()).isEqualTo(toModel(e.getAttributes()));
      if (e.getSpanContext().isValid()) {
        assertThat(r.traceId().toHex()).isEqualTo(e.getSpanContext().getTraceId());
        assertThat(SpanId.toHex(r.spanId())).isEqualTo(e.getSpanContext().getSpanId());
      } else {
        assertThat(r.traceId()).isNull();
        assertThat(r.spanId()).isZero();
      }
    }
    assertThat(received.get(0).traceId().toHex()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(received.get(1).traceId()).isNull();
  }

  static Stream<Arguments> metricExporters() {
    return Stream.of(
        Arguments.of(
            "grpc",
            (java.util.function.Supplier<MetricExporter>)
                () -> OtlpGrpcMetricExporter.builder().setEndpoint(vigil.grpcEndpoint()).build()),
        Arguments.of(
            "http/protobuf",
            (java.util.function.Supplier<MetricExporter>)
                () ->
                    OtlpHttpMetricExporter.builder()
                        .setEndpoint(vigil.otlpHttpEndpoint("metrics"))
                        .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("metricExporters")
  void metricsOfEveryKindArriveExactlyAsSent(
      String transport, java.util.function.Supplier<MetricExporter> exporterFactory)
      throws Exception {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider meters =
        SdkMeterProvider.builder()
            .setResource(RESOURCE)
            .registerMetricReader(reader)
            .registerView(
                InstrumentSelector.builder().setName("payment.amount").build(),
                View.builder()
                    .setAggregation(Aggregation.base2ExponentialBucketHistogram())
                    .build())
            .build();
    var meter = meters.get("dev.vigil.test.metrics");
    var requests =
        meter
            .counterBuilder("http.server.requests")
            .setUnit("{request}")
            .setDescription("requests")
            .build();
    requests.add(
        5,
        io.opentelemetry.api.common.Attributes.of(
            AttributeKey.stringKey("http.route"), "/checkout"));
    requests.add(
        2,
        io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("http.route"), "/cart"));
    meter.upDownCounterBuilder("queue.length").build().add(-3);
    meter.gaugeBuilder("cpu.utilization").setUnit("1").build().set(0.75);
    var duration = meter.histogramBuilder("http.server.request.duration").setUnit("s").build();
    for (double v : new double[] {0.003, 0.02, 0.02, 0.4, 7.5}) {
      duration.record(v);
    }
    var amount = meter.histogramBuilder("payment.amount").build();
    for (double v : new double[] {1.5, 20, 300, 0, -0.0}) {
      amount.record(Math.abs(v));
    }
    Collection<MetricData> expected = reader.collectAllMetrics();
    assertThat(expected)
        .extracting(MetricData::getType)
        .contains(
            MetricDataType.LONG_SUM,
            MetricDataType.DOUBLE_GAUGE,
            MetricDataType.HISTOGRAM,
            MetricDataType.EXPONENTIAL_HISTOGRAM);
    MetricExporter exporter = exporterFactory.get();
    assertThat(exporter.export(expected).join(30, TimeUnit.SECONDS).isSuccess())
        .as(transport)
        .isTrue();
    exporter.shutdown();
    meters.shutdown();

    List<Metric> received = vigil.metrics.items();
    assertThat(received).hasSize(expected.size());
    for (MetricData e : expected) {
      Metric r =
          received.stream().filter(m -> m.name().equals(e.getName())).findFirst().orElseThrow();
      assertThat(r.unit()).isEqualTo(e.getUnit());
      assertThat(r.description()).isEqualTo(e.getDescription());
      switch (e.getType()) {
        case LONG_SUM -> {
          dev.vigil.model.metric.MetricData.Sum sum =
              (dev.vigil.model.metric.MetricData.Sum) r.data();
          assertThat(sum.monotonic()).isEqualTo(e.getLongSumData().isMonotonic());
          assertThat(sum.temporality()).isEqualTo(Temporality.CUMULATIVE);
          List<String> got = new ArrayList<>();
          for (NumberPoint p : sum.points()) {
            got.add(
                p.attributes()
                    + "="
                    + p.value().asLong()
                    + "@"
                    + p.startTimeUnixNano()
                    + "-"
                    + p.timeUnixNano());
            assertThat(p.value().integer()).isTrue();
          }
          List<String> want = new ArrayList<>();
          e.getLongSumData()
              .getPoints()
              .forEach(p ->
                  want.add(
                      toModel(p.getAttributes())
                          + "="
                          + p.getValue()
                          + "@"
                          + p.getStartEpochNanos()
                          + "-"
                          + p.getEpochNanos()));
          assertThat(got).containsExactlyInAnyOrderElementsOf(want);
        }
        case DOUBLE_GAUGE -> {
          dev.vigil.model.metric.MetricData.Gauge gauge =
              (dev.vigil.model.metric.MetricData.Gauge) r.data();
          assertThat(gauge.points()).hasSize(1);
          assertThat(gauge.points().get(0).value().asDouble()).isEqualTo(0.75);
          assertThat(gauge.points().get(0).timeUnixNano())
              .isEqualTo(e.getDoubleGaugeData().getPoints().iterator().next().getEpochNanos());
        }
        case HISTOGRAM -> {
          var ep = e.getHistogramData().getPoints().iterator().next();
          HistogramPoint hp =
              ((dev.vigil.model.metric.MetricData.Histogram) r.data()).points().get(0);
          assertThat(hp.count()).isEqualTo(ep.getCount());
          assertThat(hp.sum()).isEqualTo(ep.getSum());
          assertThat(hp.min()).isEqualTo(ep.getMin());
          assertThat(hp.max()).isEqualTo(ep.getMax());
          assertThat(hp.explicitBounds())
              .containsExactly(
                  ep.getBoundaries().stream().mapToDouble(Double::doubleValue).toArray());
          assertThat(hp.bucketCounts())
              .containsExactly(ep.getCounts().stream().mapToLong(Long::longValue).toArray());
        }
        case EXPONENTIAL_HISTOGRAM -> {
          var ep = e.getExponentialHistogramData().getPoints().iterator().next();
          ExponentialHistogramPoint hp =
              ((dev.vigil.model.metric.MetricData.ExponentialHistogram) r.data()).points().get(0);
          assertThat(hp.scale()).isEqualTo(ep.getScale());
          assertThat(hp.count()).isEqualTo(ep.getCount());
          assertThat(hp.sum()).isEqualTo(ep.getSum());
          assertThat(hp.zeroCount()).isEqualTo(ep.getZeroCount());
          assertThat(hp.positive().offset()).isEqualTo(ep.getPositiveBuckets().getOffset());
          assertThat(hp.positive().counts())
              .containsExactly(
                  ep.getPositiveBuckets().getBucketCounts().stream()
                      .mapToLong(Long::longValue)
                      .toArray());
        }
        default -> {}
      }
    }
    assertThat(
            received.stream()
                .filter(m -> m.name().equals("queue.length"))
                .findFirst()
                .orElseThrow()
                .data())
        .isInstanceOfSatisfying(
            dev.vigil.model.metric.MetricData.Sum.class,
            s -> {
              assertThat(s.monotonic()).isFalse();
              assertThat(s.points().get(0).value().asLong()).isEqualTo(-3);
            });
  }

  /** The SDK's attributes in the model's representation, in the order the SDK exports them. */
  static Attributes toModel(io.opentelemetry.api.common.Attributes attributes) {
    Attributes.Builder b = Attributes.builder();
    attributes.forEach((key, value) -> {
      AttributeType type = key.getType();
      Object v =
          switch (type) {
            case STRING, BOOLEAN, LONG, DOUBLE -> value;
            default -> java.util.Collections.unmodifiableList(new ArrayList<>((List<?>) value));
          };
      b.put(key.getKey(), v);
    });
    return b.build();
  }
}
