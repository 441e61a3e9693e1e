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

/** {@code /loki/api/v1/series} and the plain Lucene search {@code /api/v1/logs/search}. */
class LokiSeriesAndSearchTest {
  @TempDir static Path dir;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();
  static VigilServer server;

  @BeforeAll
  static void start() throws Exception {
    VigilConfig config = VigilConfig.defaults().withDataDir(dir).withHttpPort(0);
    server = VigilServer.create(config.withCollector(config.collector().withPorts(0, 0)));
    server.start();
    long t = System.currentTimeMillis() * 1_000_000L;
    push(
        "{\"streams\":["
            + "{\"stream\":{\"app\":\"cart\",\"env\":\"prod\"},\"values\":[[\""
            + t
            + "\",\"GET /cart/42 from 10.0.0.7 took 1200ms timeout\"],[\""
            + (t + 1)
            + "\",\"GET /cart/43 ok\"]]},"
            + "{\"stream\":{\"app\":\"cart\",\"env\":\"dev\"},\"values\":[[\""
            + (t + 2)
            + "\",\"dev line\"]]},"
            + "{\"stream\":{\"app\":\"pay\"},\"values\":[[\""
            + (t + 3)
            + "\",\"charge 550e8400-e29b-41d4-a716-446655440000 declined\"]]}]}",
        "default");
    push(
        "{\"streams\":[{\"stream\":{\"app\":\"cart\",\"env\":\"secret\"},\"values\":[[\""
            + t
            + "\",\"other tenant timeout\"]]}]}",
        "team-b");
    // Wait for the refresh (at most a second).
    long until = System.currentTimeMillis() + 3000;
    while (get("/api/v1/logs/search?q=" + enc("*:*"), 200).get("data").get("result").size() < 3
        && System.currentTimeMillis() < until) {
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static void push(String body, String tenant) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/loki/api/v1/push"))
                .header("Content-Type", "application/json")
                .header("X-Scope-OrgID", tenant)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static JsonNode get(String path, int status) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
    return json.readTree(r.body());
  }

  @Test
  void seriesListsTheMatchingStreamsInLokisShape() throws Exception {
    JsonNode r = get("/loki/api/v1/series?match[]=" + enc("{app=\"cart\"}"), 200);
    assertThat(r.get("status").asText()).isEqualTo("success");
    assertThat(r.get("data").toString())
        .isEqualTo(
            "[{\"app\":\"cart\",\"detected_level\":\"unknown\",\"env\":\"dev\"},"
                + "{\"app\":\"cart\",\"detected_level\":\"unknown\",\"env\":\"prod\"}]");
    JsonNode union =
        get(
            "/loki/api/v1/series?match[]="
                + enc("{app=\"pay\"}")
                + "&match[]="
                + enc("{env=~\"pr.*\"}"),
            200);
    assertThat(union.get("data")).hasSize(2);
    assertThat(union.get("data").toString())
        .contains("pay")
        .contains("prod")
        .doesNotContain("secret");
  }

  @Test
  void seriesErrorsNameTheProblem() throws Exception {
    assertThat(get("/loki/api/v1/series", 400).get("error").asText())
        .contains("at least one match[] stream selector is required");
    assertThat(
            get("/loki/api/v1/series?match[]=" + enc("{app=\"cart\""), 400).get("error").asText())
        .startsWith("invalid match[]: ");
    assertThat(
            get("/loki/api/v1/series?match[]=" + enc("{app=\"cart\"} |= \"x\""), 400)
                .get("error")
                .asText())
        .contains("is not a stream selector");
    assertThat(
            get("/loki/api/v1/series?match[]=" + enc("{app=\"cart\"}") + "&start=2&end=1", 400)
                .get("error")
                .asText())
        .contains("is before start");
  }

  @Test
  void plainLuceneSearchOnAnyField() throws Exception {
    assertThat(lines("body:timeout AND resource.app:cart"))
        .containsExactly("GET /cart/42 from 10.0.0.7 took 1200ms timeout");
    assertThat(lines("body:\"10.0.0.7\"")).hasSize(1);
    assertThat(lines("body:\"/cart/43\"")).containsExactly("GET /cart/43 ok");
    assertThat(lines("body:\"550e8400-e29b-41d4-a716-446655440000\"")).hasSize(1);
    assertThat(lines("resource.env:dev OR resource.app:pay")).hasSize(2);
    assertThat(lines("body:timeout")).as("other tenant not visible").hasSize(1);
    assertThat(lines("tenant:team-b")).isEmpty();
    JsonNode limited = get("/api/v1/logs/search?q=" + enc("resource.app:cart") + "&limit=1", 200);
    assertThat(limited.get("data").get("result").get(0).get("values")).hasSize(1);
    assertThat(limited.get("data").get("result").get(0).get("values").get(0).get(1).asText())
        .as("newest first")
        .isEqualTo("dev line");
  }

  @Test
  void searchErrorsNameTheProblem() throws Exception {
    assertThat(get("/api/v1/logs/search", 400).get("error").asText())
        .contains("parameter q is required");
    assertThat(get("/api/v1/logs/search?q=" + enc("body:(unclosed"), 400).get("error").asText())
        .startsWith("invalid Lucene query 'body:(unclosed'");
    assertThat(get("/api/v1/logs/search?q=x&limit=0", 400).get("error").asText())
        .isEqualTo("limit must be between 1 and 5000, got 0");
    assertThat(get("/api/v1/logs/search?q=x&limit=5001", 400).get("error").asText())
        .isEqualTo("limit must be between 1 and 5000, got 5001");
    assertThat(get("/api/v1/logs/search?q=x&start=later", 400).get("error").asText())
        .contains("cannot parse 'later' as a time");
  }

  static java.util.List<String> lines(String lucene) throws Exception {
    JsonNode r = get("/api/v1/logs/search?q=" + enc(lucene), 200);
    assertThat(r.get("data").get("resultType").asText()).isEqualTo("streams");
    java.util.List<String> out = new java.util.ArrayList<>();
    r.get("data")
        .get("result")
        .forEach(s -> s.get("values").forEach(v -> out.add(v.get(1).asText())));
    return out;
  }
}
