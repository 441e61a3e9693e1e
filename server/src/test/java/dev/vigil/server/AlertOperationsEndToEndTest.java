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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an on-call engineer does with alerts, through the real server and a real webhook receiver: a
 * silence made before the burn keeps the page quiet until it is expired; the SLO's ticket is held
 * back by its page; the page is acknowledged; the rule files, the SLO's history and the
 * notification counters are there for the UI. Silences survive a restart.
 */
class AlertOperationsEndToEndTest {
  static final String SLO = "checkout-requests-availability";
  @TempDir Path dir;
  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  HttpServer hook;
  VigilServer server;
  Path rules;

  @BeforeEach
  void start() throws Exception {
    hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        exchange -> {
          received.add(json.readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    hook.start();
    rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(
        rules.resolve("checkout.yml"),
        """
        version: "prometheus/v1"
        service: "checkout"
        slos:
          - name: "requests-availability"
            objective: 99.9
            sli:
              events:
                error_query: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
                total_query: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
            alerting:
              name: CheckoutHighErrorRate
              page_alert:
                labels:
                  severity: page
              ticket_alert:
                labels:
                  severity: ticket
        """);
    server = startServer();
  }

  VigilServer startServer() throws Exception {
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
    VigilServer s = VigilServer.create(config);
    s.start();
    return s;
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    hook.stop(0);
  }

  @Test
  void silenceInhibitAckAndTheApisTheUiReads() throws Exception {
    // A silence made before the incident, as for planned work.
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v2/silences",
            """
            {"matchers": [{"name": "sloth_id", "value": "%s", "isRegex": false, "isEqual": true}],
             "duration": "1h", "createdBy": "alice", "comment": "failover drill"}
            """
                .formatted(SLO));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String id = json.readTree(created.body()).get("silenceID").asText();
    JsonNode listed = json.readTree(send("GET", "/api/v2/silences", null).body());
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
    assertThat(listed.get(0).get("status").get("state").asText()).isEqualTo("active");
    assertThat(listed.get(0).get("matchers").get(0).get("isEqual").asBoolean()).isTrue();
    assertThat(listed.get(0).get("createdBy").asText()).isEqualTo("alice");
    assertThat(listed.get(0).has("updatedAt")).isTrue();
    assertThat(
            json.readTree(send("GET", "/api/v2/silence/" + id, null).body())
                .get("comment")
                .asText())
        .isEqualTo("failover drill");
    // Another tenant sees none of it and cannot expire it.
    assertThat(send("GET", "/api/v2/silences", null, "X-Scope-OrgID", "team-b").body())
        .isEqualTo("[]");
    assertThat(
            send("DELETE", "/api/v2/silence/" + id, null, "X-Scope-OrgID", "team-b").statusCode())
        .isEqualTo(404);

    burn();
    JsonNode page = awaitAlert(a -> a.get("labels").path("sloth_severity").asText().equals("page"));
    assertThat(page.get("silencedBy").get(0).asText()).isEqualTo(id);
    JsonNode ticket =
        awaitAlert(a -> a.get("labels").path("sloth_severity").asText().equals("ticket"));
    assertThat(ticket.get("inhibitedBy").get(0).asText())
        .isEqualTo(page.get("fingerprint").asText());
    Thread.sleep(2500); // a few evaluations: nothing may reach the receiver while silenced
    assertThat(received).isEmpty();

    // Expire the silence: the page arrives; the ticket stays held back by it.
    assertThat(send("DELETE", "/api/v2/silence/" + id, null).statusCode()).isEqualTo(200);
    assertThat(
            json.readTree(send("GET", "/api/v2/silence/" + id, null).body())
                .get("status")
                .get("state")
                .asText())
        .isEqualTo("expired");
    long deadline = System.currentTimeMillis() + 20_000;
    while (received.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(received).isNotEmpty();
    for (JsonNode n : received) {
      for (JsonNode a : n.get("alerts")) {
        assertThat(a.get("labels").get("sloth_severity").asText())
            .as(a.toString())
            .isEqualTo("page");
      }
    }

    // Acknowledge the page.
    String fp = page.get("fingerprint").asText();
    assertThat(send("POST", "/api/v1/alerts/" + fp + "/ack", "{}").body())
        .contains("by: is required");
    assertThat(send("POST", "/api/v1/alerts/" + fp + "/ack", "[1]").statusCode()).isEqualTo(400);
    assertThat(send("POST", "/api/v1/alerts/0000000000000000/ack", "{\"by\":\"x\"}").statusCode())
        .isEqualTo(404);
    HttpResponse<String> ack =
        send("POST", "/api/v1/alerts/" + fp + "/ack", "{\"by\": \"bob\", \"comment\": \"on it\"}");
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    JsonNode acked = awaitAlert(a -> a.get("fingerprint").asText().equals(fp));
    assertThat(acked.get("acknowledged").get("by").asText()).isEqualTo("bob");
    assertThat(acked.get("acknowledged").get("at").asText()).isNotEmpty();

    // The Rules page: every file with its format and status.
    JsonNode files = get("/api/v1/rules/files").get("data").get("files");
    assertThat(files).hasSize(1);
    assertThat(files.get(0).get("file").asText()).isEqualTo("rules/checkout.yml");
    assertThat(files.get(0).get("format").asText()).isEqualTo("sloth");
    assertThat(files.get(0).get("valid").asBoolean()).isTrue();
    assertThat(files.get(0).get("errors")).isEmpty();
    assertThat(files.get(0).get("loadedAt").asText()).endsWith("Z");

    // The SLO's history, as recorded by its rules since the server started.
    long now = System.currentTimeMillis() / 1000;
    JsonNode history =
        get("/api/v1/slos/" + SLO + "/history?start=" + (now - 120) + "&end=" + now + "&step=5")
            .get("data");
    assertThat(history.get("timestamps")).hasSize(25);
    assertThat(history.get("burnRate").get("1h")).hasSize(25);
    boolean burning = false;
    for (JsonNode v : history.get("burnRate").get("1h")) {
      burning |= !v.isNull() && v.asDouble() > 14.4;
    }
    assertThat(burning).as(history.toString()).isTrue();
    assertThat(history.get("errorBudgetRemaining")).hasSize(25);
    assertThat(send("GET", "/api/v1/slos/nope/history", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/api/v1/slos/" + SLO + "/history?step=0", null).body())
        .contains("step");
    assertThat(send("GET", "/api/v1/slos/" + SLO + "/history?start=yesterday", null).body())
        .contains("\\\"start\\\"");
    assertThat(
            send("GET", "/api/v1/slos/" + SLO + "/history?start=0&end=100000&step=1", null)
                .statusCode())
        .isEqualTo(400);

    // Delivery counted on /metrics.
    assertThat(send("GET", "/metrics", null).body())
        .contains("vigil_alert_notifications_total{receiver=\"oncall\"}");

    String metrics = send("GET", "/metrics", null).body();
    assertThat(metrics)
        .contains("vigil_rules_last_reload_successful 1.0")
        .contains("vigil_rule_files_rejected 0.0")
        .contains("vigil_rules_reload_failures_total 0.0");

    // A broken edit: invalid, with errors, the previous version running.
    Files.writeString(
        rules.resolve("checkout.yml"),
        "version: \"prometheus/v1\"\nservice: checkout\nslos:\n  - name: x\n    objective: 100\n");
    send("POST", "/-/reload", "");
    // And /metrics says so, for an alert on a broken edit.
    assertThat(send("GET", "/metrics", null).body())
        .contains("vigil_rules_last_reload_successful 0.0")
        .contains("vigil_rule_files_rejected 1.0")
        .containsPattern("vigil_rules_reload_failures_total [1-9]");
    JsonNode broken = get("/api/v1/rules/files").get("data").get("files").get(0);
    assertThat(broken.get("valid").asBoolean()).isFalse();
    assertThat(broken.get("running").asText()).isEqualTo("previous version");
    assertThat(broken.get("errors").toString())
        .contains("rules/checkout.yml:5: slos[0].objective: must be below 100")
        .contains("rules/checkout.yml:4: slos[0].sli: is required");
  }

  @Test
  void aRestartNeitherForgetsNorRepeatsAPage() throws Exception {
    burn();
    long deadline = System.currentTimeMillis() + 30_000;
    while (received.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(received).isNotEmpty();
    JsonNode before =
        awaitAlert(a -> a.get("labels").path("sloth_severity").asText().equals("page"));
    Thread.sleep(1500);
    int sent = received.size();
    server.close();
    server = startServer();
    JsonNode after =
        awaitAlert(a -> a.get("labels").path("sloth_severity").asText().equals("page"));
    // The state file keeps milliseconds.
    for (String t : List.of("activeAt", "firedAt")) {
      assertThat(java.time.Instant.parse(after.get(t).asText()).toEpochMilli())
          .as(t)
          .isEqualTo(java.time.Instant.parse(before.get(t).asText()).toEpochMilli());
    }
    Thread.sleep(3000); // several evaluations of the restarted server
    assertThat(received).hasSize(sent);
  }

  @Test
  void hostileSilencesAreRefusedNamingTheFieldAndSilencesSurviveARestart() throws Exception {
    String[][] cases = {
      {"", "body"},
      {"{", "body: not valid JSON"},
      {"[]", "body: must be a JSON object"},
      {"{\"duration\":\"1h\",\"createdBy\":\"a\",\"comment\":\"c\"}", "matchers: is required"},
      {
        "{\"matchers\":{},\"duration\":\"1h\",\"createdBy\":\"a\",\"comment\":\"c\"}",
        "matchers: must be a list"
      },
      {
        "{\"matchers\":[{\"name\":\"a\"}],\"duration\":\"1h\",\"createdBy\":\"a\",\"comment\":\"c\"}",
        "matchers[0].value: is required"
      },
      {
        "{\"matchers\":[{\"name\":\"a\",\"value\":\"(\",\"isRegex\":true}],\"duration\":\"1h\",\"createdBy\":\"a\",\"comment\":\"c\"}",
        "matchers[0].value: invalid regular expression"
      },
      {
        "{\"matchers\":[{\"name\":\"a\",\"value\":\"b\",\"isRegex\":\"yes\"}],\"duration\":\"1h\",\"createdBy\":\"a\",\"comment\":\"c\"}",
        "matchers[0].isRegex: must be true or false"
      },
      {
        "{\"matchers\":[{\"name\":\"a\",\"value\":\".*\",\"isRegex\":true}],\"duration\":\"1h\",\"createdBy\":\"a\",\"comment\":\"c\"}",
        "must not match the empty string"
      },
      {
        "{\"matchers\":[{\"name\":\"a\",\"value\":\"b\"}],\"createdBy\":\"a\",\"comment\":\"c\"}",
        "endsAt: is required"
      },
      {
        "{\"matchers\":[{\"name\":\"a\",\"value\":\"b\"}],\"endsAt\":\"2001-01-01T00:00:00Z\",\"createdBy\":\"a\",\"comment\":\"c\"}",
        "endsAt: "
      },
      {
        "{\"matchers\":[{\"name\":\"a\",\"value\":\"b\"}],\"endsAt\":\"tomorrow\",\"createdBy\":\"a\",\"comment\":\"c\"}",
        "endsAt: 'tomorrow' is not an RFC 3339 time"
      },
      {
        "{\"matchers\":[{\"name\":\"a\",\"value\":\"b\"}],\"duration\":\"forever\",\"createdBy\":\"a\",\"comment\":\"c\"}",
        "duration: 'forever' is not a duration"
      },
      {
        "{\"matchers\":[{\"name\":\"a\",\"value\":\"b\"}],\"duration\":\"1h\",\"comment\":\"c\"}",
        "createdBy: is required"
      },
      {
        "{\"matchers\":[{\"name\":\"a\",\"value\":\"b\"}],\"duration\":\"1h\",\"createdBy\":\"a\",\"comment\":7}",
        "comment: must be a string"
      },
    };
    for (String[] c : cases) {
      HttpResponse<String> r = send("POST", "/api/v2/silences", c[0]);
      assertThat(r.statusCode()).as(c[0] + " → " + r.body()).isEqualTo(400);
      assertThat(json.readTree(r.body()).asText()).as(c[0]).contains(c[1]);
    }
    HttpResponse<String> unknown =
        send(
            "POST",
            "/api/v2/silences",
            "{\"id\":\"nope\",\"matchers\":[{\"name\":\"a\",\"value\":\"b\"}],\"duration\":\"1h\",\"createdBy\":\"a\",\"comment\":\"c\"}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(send("GET", "/api/v2/silence/nope", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/api/v2/silences", null).body()).isEqualTo("[]");

    String body =
        "{\"matchers\":[{\"name\":\"service\",\"value\":\"db-.*\",\"isRegex\":true,\"isEqual\":true}],"
            + "\"startsAt\":\"2999-01-01T00:00:00Z\",\"endsAt\":\"2999-01-02T00:00:00Z\","
            + "\"createdBy\":\"carol\",\"comment\":\"db upgrade window\"}";
    String id =
        json.readTree(send("POST", "/api/v2/silences", body).body()).get("silenceID").asText();
    // Updating with the id keeps the id.
    String updated =
        json.readTree(
                send(
                        "POST",
                        "/api/v2/silences",
                        body.replace("{\"matchers\"", "{\"id\":\"" + id + "\",\"matchers\"")
                            .replace("upgrade", "migration"))
                    .body())
            .get("silenceID")
            .asText();
    assertThat(updated).isEqualTo(id);
    server.close();
    server = startServer();
    JsonNode after = json.readTree(send("GET", "/api/v2/silence/" + id, null).body());
    assertThat(after.get("status").get("state").asText()).isEqualTo("pending");
    assertThat(after.get("comment").asText()).isEqualTo("db migration window");
    assertThat(after.get("matchers").get(0).get("isRegex").asBoolean()).isTrue();
  }

  void burn() throws Exception {
    burn(server);
  }

  /** Two hours at 100 requests/s whose last 70 minutes fail 30 % of the time. */
  static void burn(VigilServer server) throws Exception {
    PrometheusSeriesApiTest.server = server;
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
    for (String[] series :
        new String[][] {
          {"__name__", "http_requests_total", "job", "checkout", "code", "200"},
          {"__name__", "http_requests_total", "job", "checkout", "code", "503"}
        }) {
      assertThat(
              PrometheusSeriesApiTest.post(
                      "/api/v1/write",
                      RemoteWriteTest.writeRequest(series, ts, series[5].equals("200") ? ok : bad))
                  .statusCode())
          .isEqualTo(204);
    }
  }

  JsonNode awaitAlert(Predicate<JsonNode> which) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    JsonNode last = null;
    while (System.currentTimeMillis() < deadline) {
      last = get("/api/v1/alerts").get("data").get("alerts");
      for (JsonNode a : last) {
        if (a.get("state").asText().equals("firing") && which.test(a)) {
          return a;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no such firing alert; alerts: " + last);
  }

  JsonNode get(String path) throws Exception {
    HttpResponse<String> r = send("GET", path, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
