package dev.vigil.collector;

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
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.concurrent.TimeUnit;

/** Hand-built OTLP messages for protocol tests (the SDK cannot produce invalid ones). */
final class OtlpSamples {
  private OtlpSamples() {}

  static long nowNanos() {
    return TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
  }

  static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static Resource resource(String service) {
    return Resource.newBuilder().addAttributes(attr("service.name", service)).build();
  }

  static byte[] id(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (seed + i + 1);
    }
    return b;
  }

  static Span span(String name, byte[] traceId, byte[] spanId) {
    long now = nowNanos();
    return Span.newBuilder()
        .setName(name)
        .setTraceId(ByteString.copyFrom(traceId))
        .setSpanId(ByteString.copyFrom(spanId))
        .setStartTimeUnixNano(now - 1_000_000)
        .setEndTimeUnixNano(now)
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .addAttributes(attr("http.route", "/checkout"))
        .build();
  }

  static ExportTraceServiceRequest traces(Span... spans) {
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("test"));
    for (Span s : spans) {
      scope.addSpans(s);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder().setResource(resource("checkout")).addScopeSpans(scope))
        .build();
  }

  static ExportTraceServiceRequest validTraces(int count) {
    Span[] spans = new Span[count];
    for (int i = 0; i < count; i++) {
      spans[i] = span("op-" + i, id(16, i), id(8, i));
    }
    return traces(spans);
  }

  static ExportLogsServiceRequest logs(String... bodies) {
    ScopeLogs.Builder scope = ScopeLogs.newBuilder();
    for (String body : bodies) {
      scope.addLogRecords(
          LogRecord.newBuilder()
              .setTimeUnixNano(nowNanos())
              .setSeverityNumber(io.opentelemetry.proto.logs.v1.SeverityNumber.SEVERITY_NUMBER_INFO)
              .setSeverityText("INFO")
              .setBody(AnyValue.newBuilder().setStringValue(body)));
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder().setResource(resource("checkout")).addScopeLogs(scope))
        .build();
  }

  static ExportMetricsServiceRequest gauge(String name, double... values) {
    Gauge.Builder g = Gauge.newBuilder();
    long now = nowNanos();
    for (double v : values) {
      g.addDataPoints(
          NumberDataPoint.newBuilder()
              .setTimeUnixNano(now)
              .setAsDouble(v)
              .addAttributes(attr("host", "a")));
    }
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource("checkout"))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName(name).setGauge(g))))
        .build();
  }
}
