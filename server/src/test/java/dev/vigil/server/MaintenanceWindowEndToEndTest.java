package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.alerting.AlertingConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two SLOs over the same failing traffic, one of them in a maintenance window: the other pages and
 * spends its budget; the one in maintenance records no error ratio (so its budget is untouched) and
 * fires nothing. A window scheduled for later is pending and changes nothing yet.
 */
class MaintenanceWindowEndToEndTest {
  @TempDir Path dir;
  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  VigilServer server;

  @Test
  void maintenanceKeepsTheBudgetAndSilencesTheSlo() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    String slo =
        """
          - name: "%s"
            objective: 99.9
            sli:
              events:
                error_query: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
                total_query: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
            alerting:
              name: CheckoutHighErrorRate
        """;
    Files.writeString(
        rules.resolve("checkout.yml"),
        "version: \"prometheus/v1\"\nservice: \"checkout\"\nslos:\n"
            + slo.formatted("requests-availability")
            + slo.formatted("payments-availability"));
    VigilConfig config = VigilConfig.defaults().withDataDir(dir.resolve("data")).withHttpPort(0);
    config =
        config
            .withCollector(config.collector().withPorts(0, 0))
            .withAlerting(
                AlertingConfig.defaults().withRulesDir(rules).withInterval(Duration.ofSeconds(1)));
    server = VigilServer.create(config);
    server.start();
    try {
      HttpResponse<String> bad = send("POST", "/api/v1/maintenance", "{\"matchers\": []}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(json.readTree(bad.body()).get("error").asText()).startsWith("matchers:");
      HttpResponse<String> later =
          send(
              "POST",
              "/api/v1/maintenance",
              """
              {"matchers": [{"name": "sloth_service", "value": "checkout"}],
               "startsAt": "2999-01-01T00:00:00Z", "duration": "2h",
               "createdBy": "ops", "comment": "yearly database upgrade"}
              """);
      assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
      HttpResponse<String> now =
          send(
              "POST",
              "/api/v1/maintenance",
              """
              {"matchers": [{"name": "sloth_slo", "value": "payments-availability"}],
               "duration": "1h", "createdBy": "ops", "comment": "payment provider switch"}
              """);
      assertThat(now.statusCode()).as(now.body()).isEqualTo(200);
      String id = json.readTree(now.body()).get("data").get("id").asText();
      JsonNode listed = json.readTree(send("GET", "/api/v1/maintenance", null).body()).get("data");
      assertThat(listed).hasSize(2);
      assertThat(listed.get(0).get("status").get("state").asText()).isEqualTo("active");
      assertThat(listed.get(1).get("status").get("state").asText()).isEqualTo("pending");
      Thread.sleep(1500); // the first maintenance mark is written

      AlertOperationsEndToEndTest.burn(server);
      long deadline = System.currentTimeMillis() + 30_000;
      String firing = "";
      while (System.currentTimeMillis() < deadline && !firing.contains("requests-availability")) {
        firing = send("GET", "/api/v1/alerts", null).body();
        Thread.sleep(200);
      }
      assertThat(firing).contains("checkout-requests-availability");
      Thread.sleep(2000);
      assertThat(send("GET", "/api/v1/alerts", null).body())
          .doesNotContain("checkout-payments-availability");
      JsonNode slos =
          json.readTree(send("GET", "/api/v1/slos", null).body()).get("data").get("slos");
      for (JsonNode s : slos) {
        if (s.get("id").asText().equals("checkout-payments-availability")) {
          assertThat(s.get("windows").get("5m").get("errorRatio").isNull())
              .as(s.toString())
              .isTrue();
          assertThat(s.get("state").asText()).isEqualTo("ok");
        } else {
          assertThat(s.get("windows").get("5m").get("burnRate").asDouble()).isGreaterThan(14.4);
          assertThat(s.get("errorBudgetRemaining").asDouble()).isLessThan(1);
        }
      }
      assertThat(send("DELETE", "/api/v1/maintenance/" + id, null).statusCode()).isEqualTo(200);
      assertThat(
              json.readTree(send("GET", "/api/v1/maintenance/" + id, null).body())
                  .get("data")
                  .get("status")
                  .get("state")
                  .asText())
          .isEqualTo("expired");
      assertThat(send("GET", "/api/v1/maintenance/nope", null).statusCode()).isEqualTo(404);
    } finally {
      server.close();
    }
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
