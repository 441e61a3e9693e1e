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
 * webhook within seconds, the SLOs show their budgets burning, and every signal can be queried:
 * metrics by PromQL, traces through the Jaeger API, and the logs of an existing trace by its id.
 */
class DemoIncidentPagesTest {
  @TempDir Path dir;

  private static String get(String url) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(200);
    return r.body();
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

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

      // Every signal, through the real stores and their query APIs.
      String api = "http://127.0.0.1:" + server.httpPort();
      JsonNode rate =
          json.readTree(
              get(
                  api
                      + "/api/v1/query?query="
                      + enc(
                          "sum by (job) (rate(http_server_request_duration_seconds_count[1m]))")));
      assertThat(rate.at("/data/result").size()).as(rate.toString()).isGreaterThan(3);
      // Some trace of the gateway has log lines, found by its id (a keyword lookup). The newest
      // traces' logs may still be on their way (1 s export, 1 s refresh): look again for a while.
      int withLogs = 0;
      long logsDeadline = System.currentTimeMillis() + 20_000;
      while (withLogs == 0 && System.currentTimeMillis() < logsDeadline) {
        JsonNode traces = json.readTree(get(api + "/api/traces?service=api-gateway&limit=100"));
        assertThat(traces.get("data").size()).as("traces of api-gateway").isGreaterThan(0);
        for (JsonNode t : traces.get("data")) {
          String id = t.get("traceID").asText();
          JsonNode lines = json.readTree(get(api + "/loki/api/v1/trace/" + id));
          for (JsonNode stream : lines.at("/data/result")) {
            for (JsonNode v : stream.get("values")) {
              assertThat(v.get(2).get("trace_id").asText()).isEqualTo(id);
              withLogs++;
            }
          }
          if (withLogs > 0) {
            break;
          }
        }
        if (withLogs == 0) {
          Thread.sleep(1000);
        }
      }
      assertThat(withLogs).as("log lines found by the id of an existing trace").isGreaterThan(0);
    } finally {
      demo.close();
      server.close();
      hook.stop(0);
    }
  }
}
