package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.demo.DemoOptions;
import dev.vigil.demo.DemoWorkload;
import dev.vigil.demo.Incident;
import dev.vigil.server.alerting.AlertingConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo shop with the shipped example rules: an injected checkout error burst pages through a
 * webhook within seconds, and the SLOs show their budgets burning.
 */
class DemoIncidentPagesTest {
  @TempDir Path dir;

  @Test
  void anInjectedIncidentPages() throws Exception {
    ObjectMapper json = new ObjectMapper();
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
    Path examples = Path.of(System.getProperty("user.dir")).getParent().resolve("examples/rules");
    VigilConfig config = VigilConfig.defaults().withDataDir(dir).withHttpPort(0);
    config =
        config
            .withCollector(config.collector().withPorts(0, 0))
            .withAlerting(
                AlertingConfig.defaults()
                    .withRulesDir(examples)
                    .withInterval(Duration.ofSeconds(1))
                    .withWebhooks(
                        List.of(
                            new AlertingConfig.Webhook(
                                "test",
                                URI.create(
                                    "http://127.0.0.1:"
                                        + hook.getAddress().getPort()
                                        + "/hook")))));
    VigilServer server = VigilServer.create(config);
    server.start();
    DemoWorkload demo =
        new DemoWorkload(
            DemoOptions.of(
                    "http://127.0.0.1:" + server.otlpGrpcPort(),
                    "http://127.0.0.1:" + server.otlpHttpPort())
                .withRate(200)
                .withExportInterval(Duration.ofSeconds(1)));
    try {
      assertThat(server.alerting().loaded().slos()).hasSize(2);
      demo.inject(Incident.CHECKOUT_ERROR_BURST, Duration.ofMinutes(5));
      demo.start();
      long deadline = System.currentTimeMillis() + 60_000;
      JsonNode page = null;
      while (page == null && System.currentTimeMillis() < deadline) {
        for (JsonNode n : received) {
          for (JsonNode a : n.get("alerts")) {
            if (a.get("status").asText().equals("firing")
                && a.get("labels").path("alertname").asText().equals("CheckoutAvailabilityBurn")
                && a.get("labels").path("sloth_severity").asText().equals("page")) {
              page = a;
            }
          }
        }
        Thread.sleep(250);
      }
      assertThat(page).as("no checkout page within a minute; received " + received).isNotNull();
      assertThat(page.get("annotations").get("runbook_url").asText())
          .contains("checkout-availability");

      HttpResponse<String> slos =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/slos"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode availability = null;
      for (JsonNode s : json.readTree(slos.body()).get("data").get("slos")) {
        if (s.get("id").asText().equals("checkout-requests-availability")) {
          availability = s;
        }
      }
      assertThat(availability).isNotNull();
      assertThat(availability.get("state").asText()).isEqualTo("page");
      assertThat(availability.get("errorBudgetRemaining").asDouble()).isLessThan(1);
    } finally {
      demo.close();
      server.close();
      hook.stop(0);
    }
  }
}
