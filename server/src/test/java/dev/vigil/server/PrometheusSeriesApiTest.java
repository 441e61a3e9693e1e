package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /api/v1/series, /labels, /label/{name}/values, /status/buildinfo, /format_query as Prometheus
 * answers them.
 */
class PrometheusSeriesApiTest {
  @TempDir static Path dataDir;
  static VigilServer server;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    VigilConfig config = VigilConfig.defaults().withDataDir(dataDir).withHttpPort(0);
    server = VigilServer.create(config.withCollector(config.collector().withPorts(0, 0)));
    server.start();
    long t = 1_700_000_000_000L;
    for (String[] s :
        new String[][] {
          {"__name__", "up", "job", "api", "instance", "a"},
          {"__name__", "up", "job", "db", "instance", "b"},
          {"__name__", "node_load1", "job", "node", "instance", "c"}
        }) {
      HttpResponse<String> r =
          post("/api/v1/write", RemoteWriteTest.writeRequest(s, new long[] {t}, new double[] {1}));
      assertThat(r.statusCode()).isEqualTo(204);
    }
    assertThat(
            post(
                    "/api/v1/write",
                    RemoteWriteTest.writeRequest(
                        new String[] {"__name__", "up", "job", "other-tenant"},
                        new long[] {t},
                        new double[] {1}),
                    "X-Scope-OrgID",
                    "someone-else")
                .statusCode())
        .isEqualTo(204);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .header("Content-Encoding", "snappy")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode get(String pathAndQuery, int expectedStatus) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + pathAndQuery))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
    return json.readTree(r.body());
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void seriesByMatchers() throws Exception {
    JsonNode r = get("/api/v1/series?match[]=" + q("up{job=~\"a.*|d.*\"}"), 200);
    assertThat(r.get("status").asText()).isEqualTo("success");
    assertThat(r.get("data")).hasSize(2);
    assertThat(r.get("data").get(0).get("job").asText()).isEqualTo("api");
    assertThat(r.get("data").get(0).get("__name__").asText()).isEqualTo("up");
    JsonNode two = get("/api/v1/series?match[]=up&match[]=node_load1&limit=2", 200);
    assertThat(two.get("data")).hasSize(2);
    assertThat(two.get("warnings").get(0).asText()).contains("truncated");
  }

  @Test
  void seriesByPostForm() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/series"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("match[]=" + q("node_load1")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json.readTree(r.body()).get("data").get(0).get("instance").asText()).isEqualTo("c");
  }

  @Test
  void labelNamesAndValuesStayWithinTheTenant() throws Exception {
    assertThat(get("/api/v1/labels", 200).get("data").toString())
        .isEqualTo("[\"__name__\",\"instance\",\"job\"]");
    assertThat(get("/api/v1/label/job/values", 200).get("data").toString())
        .isEqualTo("[\"api\",\"db\",\"node\"]");
    assertThat(get("/api/v1/label/job/values?match[]=up", 200).get("data").toString())
        .isEqualTo("[\"api\",\"db\"]");
    assertThat(get("/api/v1/label/__name__/values", 200).get("data").toString())
        .isEqualTo("[\"node_load1\",\"up\"]");
  }

  @Test
  void badRequestsGetPrometheusErrors() throws Exception {
    JsonNode bad = get("/api/v1/series?match[]=" + q("up{"), 400);
    assertThat(bad.get("status").asText()).isEqualTo("error");
    assertThat(bad.get("errorType").asText()).isEqualTo("bad_data");
    assertThat(bad.get("error").asText()).contains("parse error");
    assertThat(get("/api/v1/series", 400).get("error").asText()).contains("no match[]");
    assertThat(get("/api/v1/series?match[]=" + q("sum(up)"), 400).get("error").asText())
        .contains("not a series selector");
    assertThat(get("/api/v1/labels?start=yesterday", 400).get("error").asText())
        .contains("cannot parse \"yesterday\"");
    assertThat(get("/api/v1/series?match[]=" + q("{job=\"\"}"), 400).get("errorType").asText())
        .isEqualTo("bad_data");
  }

  @Test
  void metadataComesFromOtlpDescriptors() throws Exception {
    io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter exporter =
        io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter.builder()
            .setEndpoint("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/metrics")
            .build();
    assertThat(
            exporter
                .export(MetricsDurabilityTest.sample(3))
                .join(10, java.util.concurrent.TimeUnit.SECONDS)
                .isSuccess())
        .isTrue();
    exporter.shutdown();
    JsonNode all = get("/api/v1/metadata", 200).get("data");
    assertThat(all.get("http_server_requests").get(0).get("type").asText()).isEqualTo("counter");
    assertThat(all.get("http_server_request_duration_seconds").get(0).get("type").asText())
        .isEqualTo("histogram");
    assertThat(all.get("http_server_request_duration_seconds").get(0).get("unit").asText())
        .isEqualTo("seconds");
    JsonNode one = get("/api/v1/metadata?metric=http_server_requests", 200).get("data");
    assertThat(one.size()).isEqualTo(1);
  }

  @Test
  void buildInfoAndFormatQuery() throws Exception {
    assertThat(get("/api/v1/status/buildinfo", 200).get("data").get("version").asText())
        .startsWith("3.");
    assertThat(
            get("/api/v1/format_query?query=" + q("sum by(job)(rate(x[5m]))"), 200)
                .get("data")
                .asText())
        .isEqualTo("sum by (job) (rate(x[5m]))");
    assertThat(get("/api/v1/labels?start=2023-11-14T22:13:20Z&end=1700000001.5", 200).get("data"))
        .isNotEmpty();
  }
}
