package dev.vigil.benchmarks;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.Random;

/**
 * Export requests shaped like what an instrumented service sends, built from a fixed seed so every
 * run measures the same bytes: one resource with the usual SDK attributes, one scope, and
 *
 * <ul>
 *   <li>{@value #SPANS} spans of traces of about ten spans, ten attributes each (strings, some
 *       unique per span, an int, a bool), a tenth with an event;
 *   <li>{@value #LOG_RECORDS} log records with a unique text body, four attributes, and trace
 *       context on half of them;
 *   <li>{@value #NUMBER_POINTS} gauge and sum points (100 metrics of 10 points, three attributes
 *       each) and {@value #HISTOGRAM_POINTS} histogram points of 12 buckets.
 * </ul>
 */
final class OtlpPayloads {
  static final int SPANS = 1000;
  static final int LOG_RECORDS = 1000;
  static final int NUMBER_POINTS = 1000;
  static final int HISTOGRAM_POINTS = 50;
  static final int METRIC_POINTS = NUMBER_POINTS + HISTOGRAM_POINTS;

  private static final String[] ROUTES = {
    "/api/users/{id}", "/api/orders", "/api/orders/{id}", "/health", "/api/cart", "/login"
  };
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
  private static final long T0 = 1_763_800_000_000_000_000L;

  private OtlpPayloads() {}

  static Resource resource() {
    return Resource.newBuilder()
        .addAttributes(kv("service.name", "checkout"))
        .addAttributes(kv("service.version", "1.4.2"))
        .addAttributes(kv("service.instance.id", "checkout-7d9f8c6b5-x2k4q"))
        .addAttributes(kv("host.name", "node-17.eu-west-1.internal"))
        .addAttributes(kv("telemetry.sdk.language", "java"))
        .addAttributes(kv("telemetry.sdk.name", "opentelemetry"))
        .addAttributes(kv("telemetry.sdk.version", "1.67.0"))
        .build();
  }

  static InstrumentationScope scope() {
    return InstrumentationScope.newBuilder()
        .setName("io.opentelemetry.http")
        .setVersion("2.9.0")
        .build();
  }

  static byte[] traces() {
    Random random = new Random(42);
    ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(scope());
    byte[] traceId = new byte[16];
    for (int i = 0; i < SPANS; i++) {
      if (i % 10 == 0) {
        random.nextBytes(traceId);
      }
      String route = ROUTES[random.nextInt(ROUTES.length)];
      String method = METHODS[random.nextInt(METHODS.length)];
      long start = T0 + i * 1_000_000L + random.nextInt(1000);
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(traceId))
              .setSpanId(bytes(random, 8))
              .setParentSpanId(i % 10 == 0 ? ByteString.EMPTY : bytes(random, 8))
              .setName(method + " " + route)
              .setKind(
                  i % 10 == 0 ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
              .setStartTimeUnixNano(start)
              .setEndTimeUnixNano(start + random.nextInt(50_000_000))
              .setFlags(1)
              .addAttributes(kv("http.request.method", method))
              .addAttributes(kv("http.route", route))
              .addAttributes(
                  kv("url.path", route.replace("{id}", Integer.toString(random.nextInt(100_000)))))
              .addAttributes(kv("url.scheme", "https"))
              .addAttributes(
                  kvInt("http.response.status_code", random.nextInt(20) == 0 ? 500 : 200))
              .addAttributes(kv("server.address", "checkout.shop.example"))
              .addAttributes(kvInt("server.port", 443))
              .addAttributes(kv("network.protocol.version", "1.1"))
              .addAttributes(
                  kv("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"))
              .addAttributes(kvBool("sampled.debug", random.nextBoolean()));
      if (i % 10 == 5) {
        span.addEvents(
            Span.Event.newBuilder()
                .setName("exception")
                .setTimeUnixNano(start + 1000)
                .addAttributes(kv("exception.type", "java.io.IOException"))
                .addAttributes(kv("exception.message", "connection reset " + random.nextInt())));
        span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
      }
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource()).addScopeSpans(scope))
        .build()
        .toByteArray();
  }

  static byte[] logs() {
    Random random = new Random(43);
    ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(scope());
    for (int i = 0; i < LOG_RECORDS; i++) {
      boolean error = random.nextInt(10) == 0;
      LogRecord.Builder r =
          LogRecord.newBuilder()
              .setTimeUnixNano(T0 + i * 1_000_000L)
              .setObservedTimeUnixNano(T0 + i * 1_000_000L + 20_000)
              .setSeverityNumber(
                  error
                      ? SeverityNumber.SEVERITY_NUMBER_ERROR
                      : SeverityNumber.SEVERITY_NUMBER_INFO)
              .setSeverityText(error ? "ERROR" : "INFO")
              .setBody(
                  AnyValue.newBuilder()
                      .setStringValue(
                          "order "
                              + random.nextInt(1_000_000)
                              + " processed for customer "
                              + random.nextInt(100_000)
                              + " in "
                              + random.nextInt(500)
                              + " ms, items="
                              + random.nextInt(20)))
              .addAttributes(kv("logger.name", "com.shop.checkout.OrderService"))
              .addAttributes(kv("thread.name", "http-nio-8080-exec-" + random.nextInt(16)))
              .addAttributes(kv("code.function", "processOrder"))
              .addAttributes(kvInt("code.lineno", 214));
      if (i % 2 == 0) {
        r.setTraceId(bytes(random, 16)).setSpanId(bytes(random, 8)).setFlags(1);
      }
      scope.addLogRecords(r);
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder().setResource(resource()).addScopeLogs(scope))
        .build()
        .toByteArray();
  }

  static byte[] metrics() {
    Random random = new Random(44);
    ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(scope());
    for (int m = 0; m < NUMBER_POINTS / 10; m++) {
      boolean gauge = m % 2 == 0;
      Metric.Builder metric =
          Metric.newBuilder()
              .setName((gauge ? "jvm.memory.used." : "http.server.requests.") + m)
              .setDescription(gauge ? "Memory used" : "Requests served")
              .setUnit(gauge ? "By" : "{request}");
      NumberDataPoint[] points = new NumberDataPoint[10];
      for (int p = 0; p < points.length; p++) {
        NumberDataPoint.Builder point =
            NumberDataPoint.newBuilder()
                .setStartTimeUnixNano(T0)
                .setTimeUnixNano(T0 + 60_000_000_000L)
                .addAttributes(kv("http.request.method", METHODS[p % METHODS.length]))
                .addAttributes(kv("http.route", ROUTES[p % ROUTES.length]))
                .addAttributes(kvInt("http.response.status_code", p % 7 == 0 ? 500 : 200));
        points[p] =
            (gauge
                    ? point.setAsDouble(random.nextDouble() * 1e9)
                    : point.setAsInt(random.nextInt(1_000_000)))
                .build();
      }
      if (gauge) {
        Gauge.Builder g = Gauge.newBuilder();
        for (NumberDataPoint p : points) {
          g.addDataPoints(p);
        }
        metric.setGauge(g);
      } else {
        Sum.Builder s =
            Sum.newBuilder()
                .setAggregationTemporality(
                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .setIsMonotonic(true);
        for (NumberDataPoint p : points) {
          s.addDataPoints(p);
        }
        metric.setSum(s);
      }
      scope.addMetrics(metric);
    }
    for (int m = 0; m < HISTOGRAM_POINTS / 5; m++) {
      Histogram.Builder h =
          Histogram.newBuilder()
              .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
      for (int p = 0; p < 5; p++) {
        HistogramDataPoint.Builder point =
            HistogramDataPoint.newBuilder()
                .setStartTimeUnixNano(T0)
                .setTimeUnixNano(T0 + 60_000_000_000L)
                .addAttributes(kv("http.route", ROUTES[p % ROUTES.length]))
                .setCount(1000 + random.nextInt(1000))
                .setSum(random.nextDouble() * 1e4)
                .setMin(0.5)
                .setMax(random.nextDouble() * 1e3);
        double bound = 5;
        for (int b = 0; b < 11; b++) {
          point.addExplicitBounds(bound);
          bound *= 2;
        }
        for (int b = 0; b < 12; b++) {
          point.addBucketCounts(random.nextInt(200));
        }
        h.addDataPoints(point);
      }
      scope.addMetrics(
          Metric.newBuilder()
              .setName("http.server.request.duration." + m)
              .setUnit("ms")
              .setHistogram(h));
    }
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder().setResource(resource()).addScopeMetrics(scope))
        .build()
        .toByteArray();
  }

  private static ByteString bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    b[0] |= 1;
    return ByteString.copyFrom(b);
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue kvInt(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  private static KeyValue kvBool(String key, boolean value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setBoolValue(value))
        .build();
  }
}
