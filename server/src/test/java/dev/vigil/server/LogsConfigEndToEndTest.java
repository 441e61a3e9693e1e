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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code logs:} section of vigil.yml reaches the running log index: with {@code
 * json-body-fields: [status]}, a JSON line's top-level {@code status} is searchable as an attribute
 * (a numeric range here), and a field not listed is not; with {@code partition: hour} the records
 * go to an hour's index; {@code query-timeout} stops a long query.
 */
class LogsConfigEndToEndTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void jsonBodyFieldsFromTheConfigFileAreIndexed() throws Exception {
    Path file = dir.resolve("vigil.yml");
    Files.writeString(
        file,
        "logs:\n  json-body-fields: [status]\n  refresh-interval: 200ms\n  partition: hour\n");
    VigilConfig config = VigilConfigs.load(file, dir.resolve("data"), 0, 0, 0);
    try (VigilServer s = VigilServer.create(config)) {
      s.start();
      long t = System.currentTimeMillis() * 1_000_000L;
      String body =
          "{\"streams\":[{\"stream\":{\"app\":\"shop\"},\"values\":["
              + "[\""
              + t
              + "\",\"{\\\"status\\\":503,\\\"user\\\":\\\"u-1\\\",\\\"msg\\\":\\\"upstream down\\\"}\"],"
              + "[\""
              + (t + 1)
              + "\",\"{\\\"status\\\":200,\\\"user\\\":\\\"u-2\\\",\\\"msg\\\":\\\"ok\\\"}\"]]}]}";
      HttpResponse<String> pushed = push(s, body);
      assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(204);
      JsonNode errors = null;
      long until = System.currentTimeMillis() + 5000;
      while (System.currentTimeMillis() < until) {
        errors = search(s, "attributes.status:[500 TO 599]");
        if (errors.size() > 0) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(lines(errors))
          .containsExactly("{\"status\":503,\"user\":\"u-1\",\"msg\":\"upstream down\"}");
      assertThat(lines(search(s, "attributes.status:200"))).hasSize(1);
      // Not listed, so not extracted.
      assertThat(search(s, "attributes.user:u-1").size()).isZero();
      // partition: hour — the records went to an hour's index (named yyyy-MM-ddTHH), not a day's.
      try (java.util.stream.Stream<Path> partitions =
          Files.list(dir.resolve("data/logs/tenants")).flatMap(LogsConfigEndToEndTest::list)) {
        assertThat(partitions.map(p -> p.getFileName().toString()))
            .singleElement()
            .matches(n -> n.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}"), "an hour partition");
      }
    }
  }

  /**
   * {@code logs.query-timeout} reaches the engine: a query that reads each of 20,000 lines runs far
   * past a 1 ms limit and is answered 504 with Loki's error envelope naming the setting, and the
   * server goes on accepting lines.
   */
  @Test
  void aQueryPastTheConfiguredTimeoutIsStoppedWith504() throws Exception {
    Path file = dir.resolve("vigil.yml");
    Files.writeString(file, "logs:\n  query-timeout: 1ms\n");
    VigilConfig config = VigilConfigs.load(file, dir.resolve("data"), 0, 0, 0);
    try (VigilServer s = VigilServer.create(config)) {
      s.start();
      long t = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L;
      for (int batch = 0; batch < 4; batch++) {
        StringBuilder body =
            new StringBuilder("{\"streams\":[{\"stream\":{\"app\":\"shop\"},\"values\":[");
        for (int i = 0; i < 5000; i++) {
          int n = batch * 5000 + i;
          body.append(i == 0 ? "" : ",")
              .append("[\"")
              .append(t + n)
              .append("\",\"GET /cart/")
              .append(n)
              .append(" took ")
              .append(n % 997)
              .append("ms\"]");
        }
        body.append("]}]}");
        assertThat(push(s, body.toString()).statusCode()).isEqualTo(204);
      }
      String q =
          URLEncoder.encode(
              "sum(count_over_time({app=\"shop\"} |~ \"took [0-9]*7ms\" [1h]))",
              StandardCharsets.UTF_8);
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + s.httpPort()
                              + "/loki/api/v1/query_range?query="
                              + q
                              + "&start="
                              + (t - 1_000_000_000L)
                              + "&end="
                              + (t + 60_000_000_000L)
                              + "&step=60"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
      JsonNode error = json.readTree(r.body());
      assertThat(error.get("status").asText()).isEqualTo("error");
      assertThat(error.get("errorType").asText()).isEqualTo("timeout");
      assertThat(error.get("error").asText())
          .contains("the query ran longer than the limit of 0.001s (logs.query-timeout)");
      assertThat(
              push(
                      s,
                      "{\"streams\":[{\"stream\":{\"app\":\"shop\"},\"values\":[[\""
                          + (t + 99_999)
                          + "\",\"after\"]]}]}")
                  .statusCode())
          .isEqualTo(204);
    }
  }

  private HttpResponse<String> push(VigilServer s, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.httpPort() + "/loki/api/v1/push"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static java.util.stream.Stream<Path> list(Path tenant) {
    try {
      return Files.list(tenant).filter(Files::isDirectory);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private JsonNode search(VigilServer s, String q) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + s.httpPort()
                            + "/api/v1/logs/search?q="
                            + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body()).at("/data/result");
  }

  private static java.util.List<String> lines(JsonNode streams) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (JsonNode stream : streams) {
      for (JsonNode v : stream.get("values")) {
        out.add(v.get(1).asText());
      }
    }
    return out;
  }
}
