package dev.vigil.bench;

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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * OTLP requests shaped like a microservice shop's telemetry, deterministic for a seed: traces of
 * {@code spansPerTrace} spans across services (client/server pairs, a tenth failing with an
 * exception event), logs of mixed levels with JSON and plain bodies correlated to traces, and
 * metrics over a fixed set of series (with churn: a share of points on series never seen before).
 * Every id is unique, so a store that deduplicates by id keeps every item.
 */
final class OtlpWorkload {
  static final String[] SERVICES = {
    "api-gateway", "auth", "order", "payment", "inventory", "shipping", "notification"
  };
  private static final String[] ROUTES = {
    "/api/checkout", "/api/cart", "/api/orders/{id}", "/api/login", "/api/stock/{sku}", "/api/ship"
  };
  private static final String[] WORDS = {
    "request", "handled", "order", "cart", "payment", "authorized", "user", "session", "cache",
    "miss", "hit", "query", "inventory", "reserved", "shipment", "queued", "retry", "upstream",
    "latency", "connection", "pool", "checkout", "price", "currency", "token", "refresh"
  };
  private static final HexFormat HEX = HexFormat.of();

  private final SplittableRandom random;
  private final long startNanos;
  private long clockNanos;
  private long nextSeries;

  /** Trace ids written so far (hex), for lookups after the load. */
  final List<String> traceIds = new ArrayList<>();

  /** Rare tokens ({@code needle000042}) placed in a few log lines, for the selective search. */
  static final String RARE_TOKEN_PREFIX = "needle";

  /** Mean time between two items, so that a run covers the time span it is asked to. */
  private final long nanosPerItem;

  OtlpWorkload(long seed, long startNanos, long nanosPerItem) {
    this.random = new SplittableRandom(seed);
    this.startNanos = startNanos;
    this.clockNanos = startNanos;
    this.nanosPerItem = Math.max(2, nanosPerItem);
  }

  private long tick() {
    return nanosPerItem / 2 + random.nextLong(nanosPerItem);
  }

  long startNanos() {
    return startNanos;
  }

  long clockNanos() {
    return clockNanos;
  }

  private byte[] id(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    b[0] |= 1; // never all zero (an invalid id)
    return b;
  }

  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  private static KeyValue kv(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }

  private static Resource resource(String service, int instance) {
    return Resource.newBuilder()
        .addAttributes(kv("service.name", service))
        .addAttributes(kv("service.namespace", "shop"))
        .addAttributes(kv("service.instance.id", service + "-" + instance))
        .addAttributes(kv("service.version", "1.4.2"))
        .addAttributes(kv("deployment.environment.name", "bench"))
        .addAttributes(kv("telemetry.sdk.name", "opentelemetry"))
        .addAttributes(kv("telemetry.sdk.language", "java"))
        .build();
  }

  private static final InstrumentationScope SCOPE =
      InstrumentationScope.newBuilder().setName("dev.vigil.bench").setVersion("1").build();

  /** One request of whole traces, about {@code spans} spans, grouped by service. */
  ExportTraceServiceRequest traces(int spans, int spansPerTrace) {
    Map<String, List<Span>> byService = new LinkedHashMap<>();
    int made = 0;
    while (made < spans) {
      byte[] traceId = id(16);
      traceIds.add(HEX.formatHex(traceId));
      clockNanos += tick() * spansPerTrace;
      boolean failing = random.nextInt(10) == 0;
      String route = ROUTES[random.nextInt(ROUTES.length)];
      byte[] parent = null;
      long start = clockNanos;
      long duration = 200_000_000L;
      for (int i = 0; i < spansPerTrace; i++) {
        String service = SERVICES[i == 0 ? 0 : 1 + (i - 1) % (SERVICES.length - 1)];
        byte[] spanId = id(8);
        boolean server = i % 2 == 0;
        long d = Math.max(10_000, duration / (i + 1) - random.nextInt(1_000_000));
        Span.Builder s =
            Span.newBuilder()
                .setTraceId(ByteString.copyFrom(traceId))
                .setSpanId(ByteString.copyFrom(spanId))
                .setName((server ? "GET " : "call ") + route)
                .setKind(server ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(start + i * 1_000_000L)
                .setEndTimeUnixNano(start + i * 1_000_000L + d)
                .addAttributes(kv("http.request.method", "GET"))
                .addAttributes(kv("http.route", route))
                .addAttributes(kv("url.path", route.replace("{id}", Long.toString(made + i))))
                .addAttributes(kv("http.response.status_code", failing && i == 0 ? 503 : 200))
                .addAttributes(kv("server.address", service))
                .addAttributes(kv("network.peer.port", 8080))
                .addAttributes(kv("user.tier", random.nextInt(4) == 0 ? "gold" : "standard"))
                .addAttributes(kv("thread.name", "worker-" + random.nextInt(16)))
                .addAttributes(kv("code.function", "handle" + i))
                .addAttributes(kv("app.cart.items", random.nextInt(12)));
        if (parent != null) {
          s.setParentSpanId(ByteString.copyFrom(parent));
        }
        if (failing && i == spansPerTrace - 1) {
          s.setStatus(
              Status.newBuilder()
                  .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                  .setMessage("payment provider timed out"));
          s.addEvents(
              Span.Event.newBuilder()
                  .setName("exception")
                  .setTimeUnixNano(start + d)
                  .addAttributes(kv("exception.type", "java.net.SocketTimeoutException"))
                  .addAttributes(kv("exception.message", "Read timed out after 2000 ms")));
        }
        byService.computeIfAbsent(service, k -> new ArrayList<>()).add(s.build());
        parent = spanId;
      }
      made += spansPerTrace;
    }
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    for (Map.Entry<String, List<Span>> e : byService.entrySet()) {
      req.addResourceSpans(
          ResourceSpans.newBuilder()
              .setResource(resource(e.getKey(), 1))
              .addScopeSpans(ScopeSpans.newBuilder().setScope(SCOPE).addAllSpans(e.getValue())));
    }
    return req.build();
  }

  /**
   * One request of {@code records} log records of about {@code lineBytes} bytes each. One record in
   * {@code rareEvery} carries a unique rare token ({@code needle<n>}), for selective searches.
   */
  ExportLogsServiceRequest logs(int records, int lineBytes, int rareEvery) {
    Map<String, List<LogRecord>> byService = new LinkedHashMap<>();
    for (int i = 0; i < records; i++) {
      clockNanos += tick();
      String service = SERVICES[random.nextInt(SERVICES.length)];
      int level = random.nextInt(100);
      SeverityNumber sev =
          level < 5
              ? SeverityNumber.SEVERITY_NUMBER_ERROR
              : level < 15
                  ? SeverityNumber.SEVERITY_NUMBER_WARN
                  : level < 20
                      ? SeverityNumber.SEVERITY_NUMBER_DEBUG
                      : SeverityNumber.SEVERITY_NUMBER_INFO;
      String text = sentence(lineBytes, rareEvery > 0 && random.nextInt(rareEvery) == 0);
      String body =
          random.nextBoolean()
              ? "{\"level\":\""
                  + severityText(sev)
                  + "\",\"msg\":\""
                  + text
                  + "\",\"status\":"
                  + (level < 5 ? 500 : 200)
                  + ",\"duration_ms\":"
                  + random.nextInt(2000)
                  + "}"
              : text
                  + " status="
                  + (level < 5 ? 500 : 200)
                  + " duration_ms="
                  + random.nextInt(2000);
      LogRecord.Builder r =
          LogRecord.newBuilder()
              .setTimeUnixNano(clockNanos)
              .setObservedTimeUnixNano(clockNanos + 1_000_000)
              .setSeverityNumber(sev)
              .setSeverityText(severityText(sev))
              .setBody(AnyValue.newBuilder().setStringValue(body))
              .addAttributes(kv("http.route", ROUTES[random.nextInt(ROUTES.length)]))
              .addAttributes(kv("thread.name", "worker-" + random.nextInt(16)))
              .addAttributes(kv("logger.name", "dev.shop." + service.replace("-", "") + ".Handler"))
              .addAttributes(kv("http.response.status_code", level < 5 ? 500 : 200));
      if (random.nextInt(10) < 7) {
        byte[] traceId = id(16);
        r.setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(id(8)));
        if (random.nextInt(50) == 0) {
          traceIds.add(HEX.formatHex(traceId));
        }
      }
      byService.computeIfAbsent(service, k -> new ArrayList<>()).add(r.build());
    }
    ExportLogsServiceRequest.Builder req = ExportLogsServiceRequest.newBuilder();
    for (Map.Entry<String, List<LogRecord>> e : byService.entrySet()) {
      req.addResourceLogs(
          ResourceLogs.newBuilder()
              .setResource(resource(e.getKey(), 1))
              .addScopeLogs(ScopeLogs.newBuilder().setScope(SCOPE).addAllLogRecords(e.getValue())));
    }
    return req.build();
  }

  private long rareCount;

  private String sentence(int bytes, boolean rare) {
    StringBuilder sb = new StringBuilder(bytes + 16);
    if (rare) {
      // Fixed width, so that no token is a prefix of another (a substring filter would match it).
      sb.append(rareToken(rareCount++)).append(' ');
    }
    while (sb.length() < bytes) {
      sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
      if (random.nextInt(8) == 0) {
        sb.append("id=").append(HEX.formatHex(id(6))).append(' ');
      }
    }
    return sb.toString().trim();
  }

  private static String severityText(SeverityNumber s) {
    return switch (s) {
      case SEVERITY_NUMBER_ERROR -> "ERROR";
      case SEVERITY_NUMBER_WARN -> "WARN";
      case SEVERITY_NUMBER_DEBUG -> "DEBUG";
      default -> "INFO";
    };
  }

  static String rareToken(long n) {
    return RARE_TOKEN_PREFIX + String.format(java.util.Locale.ROOT, "%06d", n);
  }

  long rareTokens() {
    return rareCount;
  }

  /**
   * One request of {@code points} points: counters and gauges over {@code series} series (each with
   * {@code cardinality} values of a {@code pod} label), advancing 15 s per full pass; a {@code
   * churn} share of points lands on a series never seen before.
   */
  ExportMetricsServiceRequest metrics(int points, int series, int cardinality, double churn) {
    Map<String, List<Metric>> byService = new LinkedHashMap<>();
    for (int i = 0; i < points; i++) {
      long n = random.nextDouble() < churn ? series + nextSeries++ : random.nextInt(series);
      clockNanos += 15_000_000_000L / Math.max(1, series);
      String service = SERVICES[(int) (n % SERVICES.length)];
      NumberDataPoint p =
          NumberDataPoint.newBuilder()
              .setTimeUnixNano(clockNanos)
              .setStartTimeUnixNano(startNanos)
              .setAsDouble(n % 2 == 0 ? (clockNanos - startNanos) / 1e6 : random.nextInt(1000))
              .addAttributes(kv("http.route", ROUTES[(int) (n / SERVICES.length % ROUTES.length)]))
              .addAttributes(kv("pod", "pod-" + (n % Math.max(1, cardinality))))
              .addAttributes(kv("series", Long.toString(n)))
              .build();
      Metric.Builder m =
          Metric.newBuilder().setName(n % 2 == 0 ? "bench.requests" : "bench.queue.length");
      if (n % 2 == 0) {
        m.setSum(
            Sum.newBuilder()
                .setIsMonotonic(true)
                .setAggregationTemporality(
                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(p));
      } else {
        m.setGauge(Gauge.newBuilder().addDataPoints(p));
      }
      byService.computeIfAbsent(service, k -> new ArrayList<>()).add(m.build());
    }
    ExportMetricsServiceRequest.Builder req = ExportMetricsServiceRequest.newBuilder();
    for (Map.Entry<String, List<Metric>> e : byService.entrySet()) {
      req.addResourceMetrics(
          ResourceMetrics.newBuilder()
              .setResource(resource(e.getKey(), 1))
              .addScopeMetrics(
                  ScopeMetrics.newBuilder().setScope(SCOPE).addAllMetrics(e.getValue())));
    }
    return req.build();
  }
}
