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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's 2.42, fetched by {@code bench/peers.sh}) scrapes itself and Vigil and
 * remote-writes everything to Vigil; then the same PromQL queries asked of both must give the same
 * answers. Query times sit off the scrape grid, so Prometheus 3's left-open ranges and 2.x's closed
 * ones select the same samples, and windows start after every series' first scrape, so 3's order of
 * rate's extrapolation limits and 2.x's agree. Run with {@code ./mvnw -Ppeers -pl server -am
 * verify}.
 */
@Tag("peers")
class PrometheusCompatibilityTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void sameQueriesSameAnswers() throws Exception {
    Path repo = Path.of(System.getProperty("user.dir")).getParent();
    Process fetch =
        new ProcessBuilder("bash", repo.resolve("bench/peers.sh").toString())
            .redirectErrorStream(true)
            .start();
    String root = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(fetch.waitFor()).as(root).isZero();
    Path prometheusBin =
        Path.of(root.lines().reduce((a, b) -> b).orElseThrow(), "usr/bin/prometheus");

    VigilConfig config = VigilConfig.defaults().withDataDir(dir.resolve("vigil")).withHttpPort(0);
    VigilServer vigil =
        VigilServer.create(config.withCollector(config.collector().withPorts(0, 0)));
    vigil.start();
    int promPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      promPort = s.getLocalPort();
    }
    Path yml = dir.resolve("prometheus.yml");
    Files.writeString(
        yml,
        """
        global:
          scrape_interval: 2s
          evaluation_interval: 2s
        scrape_configs:
          - job_name: prometheus
            static_configs: [{targets: ['127.0.0.1:%d']}]
          - job_name: vigil
            static_configs: [{targets: ['127.0.0.1:%d']}]
        remote_write:
          - url: http://127.0.0.1:%d/api/v1/write
            queue_config: {batch_send_deadline: 1s}
        """
            .formatted(promPort, vigil.httpPort(), vigil.httpPort()));
    Process prometheus =
        new ProcessBuilder(
                prometheusBin.toString(),
                "--config.file=" + yml,
                "--storage.tsdb.path=" + dir.resolve("prom-data"),
                "--web.listen-address=127.0.0.1:" + promPort)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    try {
      // Long enough that the windows below start after the first scrapes: where a window holds a
      // counter's first samples, Prometheus 3 (whose semantics Vigil follows) clamps rate's
      // extrapolation towards zero after capping it at half a sample interval, and 2.42 before
      // (rate(c[10s]) 0.157 against 0.207 for a counter born 2 s before the window's end).
      Thread.sleep(35_000);
      // 10 s back (well past the 1 s send deadline), off the 2 s scrape grid by 437 ms.
      double at = (System.currentTimeMillis() / 2000 * 2000 - 10_000 + 437) / 1000.0;
      List<String> queries =
          List.of(
              "up",
              "sum by (job) (up)",
              "prometheus_tsdb_head_series",
              "rate(prometheus_http_requests_total[10s])",
              "sum by (job) (rate(vigil_tsdb_samples_appended_total[10s]))",
              "count by (job) ({__name__=~\"prometheus_tsdb_.*|vigil_tsdb_.*\"})",
              "max_over_time(up[20s])",
              "topk(3, prometheus_http_requests_total)",
              "histogram_quantile(0.9, sum by (le) (rate(prometheus_http_request_duration_seconds_bucket[20s])))",
              "count_over_time(up[15s])");
      for (String q : queries) {
        Map<String, String> expected = instant("http://127.0.0.1:" + promPort, q, at);
        Map<String, String> actual = instant("http://127.0.0.1:" + vigil.httpPort(), q, at);
        assertThat(expected).as("Prometheus answers %s", q).isNotEmpty();
        assertThat(actual.keySet()).as(q).isEqualTo(expected.keySet());
        for (String series : expected.keySet()) {
          double e = Double.parseDouble(expected.get(series));
          double a = Double.parseDouble(actual.get(series));
          if (Double.isNaN(e)) {
            assertThat(a).as(q + " " + series).isNaN();
          } else {
            assertThat(a)
                .as(q + " " + series)
                .isCloseTo(e, org.assertj.core.data.Offset.offset(Math.abs(e) * 1e-9 + 1e-12));
          }
        }
      }
    } finally {
      prometheus.destroy();
      prometheus.waitFor(20, TimeUnit.SECONDS);
      vigil.close();
    }
  }

  private Map<String, String> instant(String base, String query, double at) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base
                            + "/api/v1/query?query="
                            + URLEncoder.encode(query, StandardCharsets.UTF_8)
                            + "&time="
                            + at))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(base + " " + query + ": " + r.body()).isEqualTo(200);
    JsonNode data = json.readTree(r.body()).get("data");
    Map<String, String> out = new TreeMap<>();
    if (data.get("resultType").asText().equals("vector")) {
      for (JsonNode s : data.get("result")) {
        out.put(s.get("metric").toString(), s.get("value").get(1).asText());
      }
    } else {
      out.put("scalar", data.get("result").get(1).asText());
    }
    return out;
  }
}
