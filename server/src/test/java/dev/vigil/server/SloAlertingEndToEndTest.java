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
 * An SRE's Sloth file in the rules directory, a service whose errors burn the budget fast, and a
 * real HTTP webhook receiver: the page arrives in Alertmanager's webhook format, the SLO API shows
 * the burn, and the rules API shows the groups.
 */
class SloAlertingEndToEndTest {
  @TempDir Path dir;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aFastBurnPagesThroughTheWebhook() throws Exception {
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
        rules.resolve("checkout.yml"),
        """
        version: "prometheus/v1"
        service: "checkout"
        labels:
          owner: "shop"
        slos:
          - name: "requests-availability"
            objective: 99.9
            description: "Checkout requests succeed."
            sli:
              events:
                error_query: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
                total_query: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
            alerting:
              name: CheckoutHighErrorRate
              annotations:
                runbook_url: https://runbooks.example/checkout
              page_alert:
                labels:
                  severity: page
              ticket_alert:
                labels:
                  severity: ticket
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
      PrometheusSeriesApiTest.server = server;
      // Two hours of traffic at 100 requests/s; the last 70 minutes fail 30 % of the time.
      long now = System.currentTimeMillis() / 15_000 * 15_000;
      int steps = 480;
      long[] ts = new long[steps];
      double[] ok = new double[steps];
      double[] bad = new double[steps];
      double okTotal = 0;
      double badTotal = 0;
      for (int i = 0; i < steps; i++) {
        ts[i] = now - (steps - 1 - i) * 15_000L;
        boolean burning = i >= steps - 280;
        okTotal += burning ? 1050 : 1500;
        badTotal += burning ? 450 : 0;
        ok[i] = okTotal;
        bad[i] = badTotal;
      }
      assertThat(
              PrometheusSeriesApiTest.post(
                      "/api/v1/write",
                      RemoteWriteTest.writeRequest(
                          new String[] {
                            "__name__", "http_requests_total", "job", "checkout", "code", "200"
                          },
                          ts,
                          ok))
                  .statusCode())
          .isEqualTo(204);
      assertThat(
              PrometheusSeriesApiTest.post(
                      "/api/v1/write",
                      RemoteWriteTest.writeRequest(
                          new String[] {
                            "__name__", "http_requests_total", "job", "checkout", "code", "503"
                          },
                          ts,
                          bad))
                  .statusCode())
          .isEqualTo(204);

      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline
          && received.stream().noneMatch(SloAlertingEndToEndTest::hasFiringPage)) {
        Thread.sleep(200);
      }
      JsonNode page =
          received.stream()
              .filter(SloAlertingEndToEndTest::hasFiringPage)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no page arrived; got " + received));
      assertThat(page.get("version").asText()).isEqualTo("4");
      assertThat(page.get("receiver").asText()).isEqualTo("oncall");
      assertThat(page.get("status").asText()).isEqualTo("firing");
      JsonNode alert = firingPage(page);
      assertThat(alert.get("status").asText()).isEqualTo("firing");
      assertThat(alert.get("labels").get("alertname").asText()).isEqualTo("CheckoutHighErrorRate");
      assertThat(alert.get("labels").get("sloth_id").asText())
          .isEqualTo("checkout-requests-availability");
      assertThat(alert.get("labels").get("burn_window").asText()).isNotEmpty();
      assertThat(alert.get("annotations").get("runbook_url").asText())
          .isEqualTo("https://runbooks.example/checkout");
      assertThat(alert.get("annotations").get("dashboard_url").asText())
          .isEqualTo("http://localhost:8080/#/slo/checkout-requests-availability");
      assertThat(alert.get("fingerprint").asText()).hasSize(16);

      JsonNode slos = get(server, "/api/v1/slos").get("data").get("slos");
      assertThat(slos).hasSize(1);
      JsonNode slo = slos.get(0);
      assertThat(slo.get("objective").asDouble()).isEqualTo(99.9);
      assertThat(slo.get("state").asText()).isEqualTo("page");
      assertThat(slo.get("windows").get("1h").get("burnRate").asDouble()).isGreaterThan(14.4);
      assertThat(slo.get("errorBudgetRemaining").asDouble()).isLessThan(1);

      JsonNode ruleGroups = get(server, "/api/v1/rules").get("data");
      assertThat(ruleGroups.get("groups").size()).isGreaterThan(1);
      assertThat(ruleGroups.get("files").get(0).get("status").asText()).isEqualTo("ok");
      assertThat(get(server, "/api/v1/alerts").get("data").get("alerts").toString())
          .contains("CheckoutHighErrorRate");

      // A broken edit is refused and the previous version keeps running.
      Files.writeString(
          rules.resolve("checkout.yml"),
          "version: \"prometheus/v1\"\nservice: checkout\nslos:\n  - name: x\n    objective: 100\n");
      HttpResponse<String> reload =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.httpPort() + "/-/reload"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(reload.body()).contains("objective");
      JsonNode after = get(server, "/api/v1/rules").get("data").get("files").get(0);
      assertThat(after.get("status").asText()).isEqualTo("error");
      assertThat(after.get("keptPrevious").asBoolean()).isTrue();
      assertThat(get(server, "/api/v1/slos").get("data").get("slos")).hasSize(1);
      // Each state change is notified once: no alert of this run was ever resolved (no flapping).
      for (JsonNode n : received) {
        for (JsonNode a : n.get("alerts")) {
          assertThat(a.get("status").asText()).as(a.toString()).isEqualTo("firing");
        }
      }
    } finally {
      server.close();
      hook.stop(0);
    }
  }

  private static JsonNode firingPage(JsonNode notification) {
    for (JsonNode a : notification.get("alerts")) {
      if (a.get("status").asText().equals("firing")
          && a.get("labels").path("sloth_severity").asText().equals("page")) {
        return a;
      }
    }
    return null;
  }

  private static boolean hasFiringPage(JsonNode notification) {
    return firingPage(notification) != null;
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
