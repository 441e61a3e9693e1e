package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /api/v1/query and /api/v1/query_range against data written by remote write. */
class PrometheusQueryApiTest {
  @TempDir static Path dataDir;
  static final long T0 = 1_700_000_000_000L;

  @BeforeAll
  static void start() throws Exception {
    VigilConfig config = VigilConfig.defaults().withDataDir(dataDir).withHttpPort(0);
    PrometheusSeriesApiTest.server =
        VigilServer.create(config.withCollector(config.collector().withPorts(0, 0)));
    PrometheusSeriesApiTest.server.start();
    // Two counters growing 1/s and 2/s, sampled every 15 s for 10 minutes.
    for (String job : new String[] {"api", "db"}) {
      int rate = job.equals("api") ? 1 : 2;
      long[] ts = new long[41];
      double[] vs = new double[41];
      for (int i = 0; i < ts.length; i++) {
        ts[i] = T0 + i * 15_000L;
        vs[i] = i * 15.0 * rate;
      }
      HttpResponse<String> r =
          PrometheusSeriesApiTest.post(
              "/api/v1/write",
              RemoteWriteTest.writeRequest(
                  new String[] {"__name__", "http_requests_total", "job", job, "region", "eu"},
                  ts,
                  vs));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    PrometheusSeriesApiTest.server.close();
  }

  private static JsonNode get(String pathAndQuery, int status) throws Exception {
    return PrometheusSeriesApiTest.get(pathAndQuery, status);
  }

  private static String q(String s) {
    return PrometheusSeriesApiTest.q(s);
  }

  @Test
  void instantQueriesReturnVectorsWithPrometheusFormatting() throws Exception {
    double at = (T0 + 600_000) / 1000.0;
    JsonNode r =
        get(
            "/api/v1/query?query="
                + q("sum by (job) (rate(http_requests_total[5m]))")
                + "&time="
                + at,
            200);
    assertThat(r.get("status").asText()).isEqualTo("success");
    assertThat(r.get("data").get("resultType").asText()).isEqualTo("vector");
    JsonNode result = r.get("data").get("result");
    assertThat(result).hasSize(2);
    for (JsonNode s : result) {
      double expected = s.get("metric").get("job").asText().equals("api") ? 1 : 2;
      assertThat(s.get("value").get(0).asDouble()).isEqualTo(at);
      assertThat(Double.parseDouble(s.get("value").get(1).asText()))
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(s.get("metric").has("__name__")).isFalse();
    }
    JsonNode scalar = get("/api/v1/query?query=" + q("1 + 1") + "&time=" + at, 200);
    assertThat(scalar.get("data").get("resultType").asText()).isEqualTo("scalar");
    assertThat(scalar.get("data").get("result").get(1).asText()).isEqualTo("2");
    JsonNode inf = get("/api/v1/query?query=" + q("1/0") + "&time=" + at, 200);
    assertThat(inf.get("data").get("result").get(1).asText()).isEqualTo("+Inf");
  }

  @Test
  void rangeQueriesReturnMatrices() throws Exception {
    String url =
        "/api/v1/query_range?query="
            + q("http_requests_total{job=\"db\"}")
            + "&start="
            + (T0 / 1000)
            + "&end="
            + ((T0 + 60_000) / 1000)
            + "&step=15s";
    JsonNode r = get(url, 200);
    assertThat(r.get("data").get("resultType").asText()).isEqualTo("matrix");
    JsonNode values = r.get("data").get("result").get(0).get("values");
    assertThat(values).hasSize(5);
    assertThat(values.get(0).get(0).asLong()).isEqualTo(T0 / 1000);
    assertThat(values.get(4).get(1).asText()).isEqualTo("120");
    HttpResponse<String> post =
        PrometheusSeriesApiTest.http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + PrometheusSeriesApiTest.server.httpPort()
                            + "/api/v1/query_range"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "query="
                            + q("up")
                            + "&start="
                            + (T0 / 1000)
                            + "&end="
                            + (T0 / 1000 + 60)
                            + "&step=30"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
  }

  @Test
  void errorsUsePrometheusTypesAndStatuses() throws Exception {
    JsonNode parse = get("/api/v1/query?query=" + q("sum(rate(x[5m])"), 400);
    assertThat(parse.get("errorType").asText()).isEqualTo("bad_data");
    assertThat(parse.get("error").asText()).contains("parse error");
    assertThat(get("/api/v1/query?query=up&time=soon", 400).get("error").asText())
        .contains("cannot parse \"soon\"");
    assertThat(get("/api/v1/query", 400).get("error").asText()).contains("\"query\"");
    assertThat(
            get("/api/v1/query_range?query=up&start=0&end=100000&step=1", 400)
                .get("error")
                .asText())
        .contains("11000 points");
    assertThat(
            get("/api/v1/query_range?query=up&start=0&end=100&step=0", 400).get("error").asText())
        .contains("zero or negative");
    assertThat(
            get("/api/v1/query_range?query=up&start=100&end=0&step=1", 400).get("error").asText())
        .contains("end timestamp");
    JsonNode exec =
        get(
            "/api/v1/query?query="
                + q("http_requests_total + on(region) http_requests_total")
                + "&time="
                + (T0 / 1000 + 60),
            422);
    assertThat(exec.get("errorType").asText()).isEqualTo("execution");
    JsonNode timeout =
        get(
            "/api/v1/query?timeout=0&time="
                + (T0 / 1000)
                + "&query="
                + q("count_over_time(vector(1)[1d:1s])"),
            503);
    assertThat(timeout.get("errorType").asText()).isEqualTo("timeout");
    assertThat(timeout.get("error").asText()).contains("timed out");
    JsonNode tooMany =
        get(
            "/api/v1/query?time="
                + (T0 / 1000)
                + "&query="
                + q("count_over_time(vector(1)[10000d:1s])"),
            422);
    assertThat(tooMany.get("errorType").asText()).isEqualTo("execution");
    assertThat(exec.get("error").asText()).contains("many-to-many");
  }
}
