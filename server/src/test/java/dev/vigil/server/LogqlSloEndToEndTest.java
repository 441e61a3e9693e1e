package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.server.alerting.AlertingConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SLIs and alerts on logs: a Sloth SLO whose events are LogQL counts over the log index, and a
 * Prometheus-format group in LogQL, fed through Loki's push API. The page arrives at a real webhook
 * receiver with the error ratio the pushed lines give, computed here.
 */
class LogqlSloEndToEndTest {
  @TempDir Path dir;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void errorLinesBurnTheBudgetAndPage() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        exchange -> {
          received.add(json.readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    hook.start();
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(
        rules.resolve("checkout-logs.yml"),
        """
        version: "prometheus/v1"
        service: "checkout"
        slos:
          - name: "log-errors"
            objective: 99.9
            sli:
              query_language: logql
              events:
                error_query: sum(count_over_time({service_name="checkout"} |= "level=error" [{{.window}}]))
                total_query: sum(count_over_time({service_name="checkout"}[{{.window}}]))
            alerting:
              name: CheckoutLogErrors
              page_alert:
                labels:
                  severity: page
        """);
    Files.writeString(
        rules.resolve("panics.yml"),
        """
        groups:
          - name: checkout-panics
            query_language: logql
            rules:
              - alert: CheckoutPanics
                expr: sum by (service_name) (count_over_time({service_name="checkout"} |= "panic" [10m])) > 2
                labels:
                  severity: page
                annotations:
                  summary: "{{ $value }} panics in 10 minutes"
        """);
    VigilConfig config = VigilConfig.defaults().withDataDir(dir.resolve("data")).withHttpPort(0);
    config =
        config
            .withCollector(config.collector().withPorts(0, 0))
            .withAlerting(
                AlertingConfig.defaults()
                    .withRulesDir(rules)
                    .withInterval(Duration.ofSeconds(1))
                    .withWebhooks(
                        List.of(
                            new AlertingConfig.Webhook(
                                "oncall",
                                URI.create(
                                    "http://127.0.0.1:"
                                        + hook.getAddress().getPort()
                                        + "/hook")))));
    VigilServer server = VigilServer.create(config);
    server.start();
    try {
      // 65 minutes of lines, one every 3 s; every fourth an error, and three panics.
      long nowMs = System.currentTimeMillis();
      StringBuilder values = new StringBuilder();
      int lines = 65 * 20;
      for (int i = 0; i < lines; i++) {
        long tsNanos = (nowMs - (lines - i) * 3_000L) * 1_000_000L;
        String line =
            i % 4 == 0
                ? "level=error msg=payment-declined"
                : i >= lines - 3 ? "level=info msg=recovered-from-panic" : "level=info msg=ok";
        values.append(values.isEmpty() ? "" : ",").append("[\"").append(tsNanos).append("\",\"");
        values.append(line).append("\"]");
      }
      String body =
          "{\"streams\":[{\"stream\":{\"service_name\":\"checkout\"},\"values\":["
              + values
              + "]}]}";
      HttpResponse<String> push =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.httpPort() + "/loki/api/v1/push"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(push.statusCode()).as(push.body()).isEqualTo(204);

      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline
          && (firing(received, "CheckoutLogErrors", "page") == null
              || firing(received, "CheckoutPanics", "") == null)) {
        Thread.sleep(200);
      }
      JsonNode page = firing(received, "CheckoutLogErrors", "page");
      assertThat(page).as("no LogQL SLO page arrived; got " + received).isNotNull();
      assertThat(page.get("labels").get("sloth_id").asText()).isEqualTo("checkout-log-errors");
      assertThat(page.get("labels").get("sloth_severity").asText()).isEqualTo("page");
      JsonNode panics = firing(received, "CheckoutPanics", "");
      assertThat(panics).as("no LogQL alert arrived; got " + received).isNotNull();
      assertThat(panics.get("labels").get("service_name").asText()).isEqualTo("checkout");
      assertThat(panics.get("annotations").get("summary").asText())
          .isEqualTo("3 panics in 10 minutes");

      // One line in four is an error: the 1 h window's burn rate is 0.25 / 0.001.
      JsonNode slo = get(server, "/api/v1/slos").get("data").get("slos").get(0);
      assertThat(slo.get("windows").get("1h").get("burnRate").asDouble())
          .isCloseTo(250, org.assertj.core.data.Offset.offset(5.0));
      assertThat(get(server, "/api/v1/rules").get("data").get("files").toString())
          .doesNotContain("\"error\"");
    } finally {
      server.close();
      hook.stop(0);
    }
  }

  /** The first firing alert named {@code alertname} (of that {@code sloth_severity}, if given). */
  private static JsonNode firing(List<JsonNode> notifications, String alertname, String severity) {
    for (JsonNode n : notifications) {
      for (JsonNode a : n.get("alerts")) {
        if (a.get("status").asText().equals("firing")
            && a.get("labels").path("alertname").asText().equals(alertname)
            && (severity.isEmpty()
                || a.get("labels").path("sloth_severity").asText().equals(severity))) {
          return a;
        }
      }
    }
    return null;
  }

  private JsonNode get(VigilServer server, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }
}
