package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exemplars end to end: measurements the real OpenTelemetry SDK records inside sampled spans reach
 * the tsdb over OTLP with their trace ids, come back through {@code /api/v1/query_exemplars} on the
 * bucket that holds them, survive a restart (they are in the WAL), stay in their tenant, and arrive
 * by remote write too.
 */
class ExemplarsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;
  private VigilServer server;

  @BeforeEach
  void start() throws Exception {
    server = startServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private VigilServer startServer() throws Exception {
    VigilConfig config = VigilConfig.defaults().withDataDir(dataDir).withHttpPort(0);
    VigilServer s = VigilServer.create(config.withCollector(config.collector().withPorts(0, 0)));
    s.start();
    return s;
  }

  /** What one traced request records; the span ids say which request left which exemplar. */
  private record Recorded(String traceId, String spanId, double seconds) {}

  @Test
  void sdkExemplarsLeadFromTheirBucketToTheirTraceAndSurviveARestart() throws Exception {
    SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
            .build();
    Tracer tracer = tracing.get("test");
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider meters =
        SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .setResource(
                Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout")))
            .build();
    var duration =
        meters
            .get("test")
            .histogramBuilder("http.server.request.duration")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(List.of(0.1, 1.0))
            .build();
    var orders = meters.get("test").counterBuilder("orders").build();
    List<Recorded> recorded = new ArrayList<>();
    for (double seconds : new double[] {0.05, 0.4, 3.0}) {
      Span span = tracer.spanBuilder("GET /cart").startSpan();
      try (Scope ignored = span.makeCurrent()) {
        duration.record(seconds);
        orders.add(1);
      } finally {
        span.end();
      }
      recorded.add(
          new Recorded(
              span.getSpanContext().getTraceId(), span.getSpanContext().getSpanId(), seconds));
    }
    duration.record(0.07); // outside any span: the SDK attaches no exemplar
    export(reader.collectAllMetrics());

    Map<String, List<String>> byBucket =
        exemplarsByLe(
            query(
                "histogram_quantile(0.9, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))"));
    // One exemplar per bucket, the trace of the request whose value fell there.
    assertThat(byBucket)
        .containsOnly(
            Map.entry("0.1", List.of(describe(recorded.get(0)))),
            Map.entry("1", List.of(describe(recorded.get(1)))),
            Map.entry("+Inf", List.of(describe(recorded.get(2)))));
    JsonNode counter = query("orders_total");
    assertThat(counter).hasSize(1);
    assertThat(counter.get(0).get("seriesLabels").get("job").asText()).isEqualTo("checkout");
    List<String> counterTraces = new ArrayList<>();
    counter
        .get(0)
        .get("exemplars")
        .forEach(e -> {
          assertThat(e.get("value").asText()).isEqualTo("1");
          counterTraces.add(e.get("labels").get("trace_id").asText());
        });
    assertThat(recorded.stream().map(Recorded::traceId).toList()).containsAll(counterTraces);
    assertThat(counterTraces).isNotEmpty();

    // Another tenant sees none; the store counts what it kept.
    assertThat(data(get(exemplarsPath("orders_total"), "X-Scope-OrgID", "team-b"))).isEmpty();
    String metrics = get("/metrics").body();
    assertThat(metrics).containsPattern("vigil_tsdb_exemplars_appended_total [1-9]");
    assertThat(metrics).containsPattern("vigil_tsdb_exemplars_in_storage [1-9]");

    // They are in the WAL: a restart brings them back unchanged.
    JsonNode before =
        query("{__name__=~\"http_server_request_duration_seconds_bucket|orders_total\"}");
    server.close();
    server = startServer();
    assertThat(query("{__name__=~\"http_server_request_duration_seconds_bucket|orders_total\"}"))
        .isEqualTo(before);

    meters.shutdown();
    tracing.shutdown();
  }

  @Test
  void remoteWriteExemplarsAreStoredWithTheirSeries() throws Exception {
    long t = 1_700_000_000_123L;
    byte[] body =
        RemoteWriteTest.snappy(
            request(
                new String[] {"__name__", "rpc_duration_seconds_bucket", "le", "0.5"},
                t,
                3,
                new String[] {"trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"},
                0.42));
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/v1/write"))
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    JsonNode found =
        data(
            get(
                "/api/v1/query_exemplars?query=rpc_duration_seconds_bucket&start=1700000000&end=1700000001"));
    assertThat(
            data(get("/api/v1/query_exemplars?query=rpc_duration_seconds_bucket&start=1700000001")))
        .isEmpty();
    assertThat(found).hasSize(1);
    JsonNode e = found.get(0).get("exemplars").get(0);
    assertThat(e.get("labels").get("trace_id").asText())
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(e.get("value").asText()).isEqualTo("0.42");
    assertThat(e.get("timestamp").decimalValue()).isEqualByComparingTo("1700000000.123");
    assertThat(found.get(0).get("seriesLabels").get("le").asText()).isEqualTo("0.5");
  }

  @Test
  void badRequestsAreBadDataNamingTheParameter() throws Exception {
    String[][] cases = {
      {"/api/v1/query_exemplars?query=" + enc("sum(rate(x[5m]"), "invalid parameter \"query\""},
      {"/api/v1/query_exemplars", "invalid parameter \"query\""},
      {"/api/v1/query_exemplars?query=up&start=yesterday", "invalid parameter \"start\""},
      {"/api/v1/query_exemplars?query=up&start=20&end=10", "end timestamp must not be before"},
      {"/api/v1/query_exemplars?query=" + enc("{job=~\".*\"}"), "invalid parameter \"query\""},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = get(c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("errorType").asText()).isEqualTo("bad_data");
      assertThat(body.get("error").asText()).as(c[0]).contains(c[1]);
    }
    // A query without selectors selects nothing, and is no error.
    assertThat(data(get(exemplarsPath("1 + 1")))).isEmpty();
  }

  private static String describe(Recorded r) {
    return r.traceId() + "/" + r.spanId() + "=" + r.seconds();
  }

  private static Map<String, List<String>> exemplarsByLe(JsonNode data) {
    Map<String, List<String>> out = new TreeMap<>();
    for (JsonNode series : data) {
      List<String> list = new ArrayList<>();
      for (JsonNode e : series.get("exemplars")) {
        list.add(
            e.get("labels").get("trace_id").asText()
                + "/"
                + e.get("labels").get("span_id").asText()
                + "="
                + Double.parseDouble(e.get("value").asText()));
      }
      out.put(series.get("seriesLabels").get("le").asText(), list);
    }
    return out;
  }

  private void export(Collection<MetricData> data) {
    OtlpHttpMetricExporter exporter =
        OtlpHttpMetricExporter.builder()
            .setEndpoint("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/metrics")
            .build();
    assertThat(exporter.export(data).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    exporter.shutdown();
  }

  private JsonNode query(String promql) throws Exception {
    return data(get(exemplarsPath(promql)));
  }

  private static String exemplarsPath(String promql) {
    long now = System.currentTimeMillis() / 1000;
    return "/api/v1/query_exemplars?query="
        + enc(promql)
        + "&start="
        + (now - 3600)
        + "&end="
        + (now + 60);
  }

  private static JsonNode data(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("status").asText()).isEqualTo("success");
    return body.get("data");
  }

  private String base() {
    return "http://127.0.0.1:" + server.httpPort();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** WriteRequest{timeseries: [{labels, samples: [one], exemplars: [one]}]}, encoded by hand. */
  private static byte[] request(
      String[] labels, long t, double value, String[] exemplarLabels, double exemplarValue)
      throws Exception {
    ByteArrayOutputStream series = new ByteArrayOutputStream();
    CodedOutputStream s = CodedOutputStream.newInstance(series);
    for (int i = 0; i < labels.length; i += 2) {
      s.writeByteArray(1, label(labels[i], labels[i + 1]));
    }
    ByteArrayOutputStream sample = new ByteArrayOutputStream();
    CodedOutputStream p = CodedOutputStream.newInstance(sample);
    p.writeDouble(1, value);
    p.writeInt64(2, t);
    p.flush();
    s.writeByteArray(2, sample.toByteArray());
    ByteArrayOutputStream exemplar = new ByteArrayOutputStream();
    CodedOutputStream e = CodedOutputStream.newInstance(exemplar);
    for (int i = 0; i < exemplarLabels.length; i += 2) {
      e.writeByteArray(1, label(exemplarLabels[i], exemplarLabels[i + 1]));
    }
    e.writeDouble(2, exemplarValue);
    e.writeInt64(3, t);
    e.flush();
    s.writeByteArray(3, exemplar.toByteArray());
    s.flush();
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    CodedOutputStream r = CodedOutputStream.newInstance(request);
    r.writeByteArray(1, series.toByteArray());
    r.flush();
    return request.toByteArray();
  }

  private static byte[] label(String name, String value) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream l = CodedOutputStream.newInstance(out);
    l.writeString(1, name);
    l.writeString(2, value);
    l.flush();
    return out.toByteArray();
  }
}
