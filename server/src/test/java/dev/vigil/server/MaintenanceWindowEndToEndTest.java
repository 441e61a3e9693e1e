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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two SLOs over the same failing traffic, one of them in a maintenance window: the other pages and
 * spends its budget; the one in maintenance records no error ratio (so its budget is untouched) and
 * fires nothing. A window scheduled for later is pending and changes nothing yet. A recurring
 * window mutes and keeps the budget during its occurrences only.
 *
 * <p>Time is the real clock, as the server runs on it: windows are placed a few seconds ahead of
 * the test's own {@code Instant.now()} and the test sleeps across their edges. A daily window whose
 * first occurrence was yesterday is between occurrences now, so the test needs no day to pass.
 */
class MaintenanceWindowEndToEndTest {
  @TempDir Path dir;
  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  VigilServer server;

  @Test
  void maintenanceKeepsTheBudgetAndSilencesTheSlo() throws Exception {
    startServer();
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

  /** Starts the server on two SLOs of the checkout service, evaluated every second. */
  void startServer() throws Exception {
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
  }

  /**
   * A daily window in Berlin whose first occurrence was yesterday, 6 s from now, for 6 s: pending
   * now, active in 6 s for 6 s, then pending until tomorrow. One window mutes the page alerts (its
   * matcher is no SLO label, so it keeps no budget); the other keeps the payments SLO's budget.
   */
  @Test
  void aRecurringWindowActsDuringItsOccurrencesOnly() throws Exception {
    startServer();
    try {
      String[][] refused = {
        {
          "{\"frequency\": \"weekly\", \"byDay\": [\"SU\", \"Sun\"]}",
          "recurrence.byDay[1]: 'Sun' is not a day"
        },
        {
          "{\"frequency\": \"weekly\", \"untill\": \"2027-01-01T00:00:00Z\"}",
          "recurrence.untill: unknown field"
        },
        {
          "{\"frequency\": \"daily\", \"timeZone\": \"Berlin\"}",
          "recurrence.timeZone: unknown time zone 'Berlin'"
        },
        {"\"weekly\"", "recurrence: must be an object"}
      };
      for (String[] r : refused) {
        HttpResponse<String> bad =
            send(
                "POST",
                "/api/v1/maintenance",
                """
                {"matchers": [{"name": "sloth_severity", "value": "page"}],
                 "startsAt": "2026-12-06T01:00:00Z", "duration": "2h",
                 "recurrence": %s, "createdBy": "ops", "comment": "patching"}
                """
                    .formatted(r[0]));
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(json.readTree(bad.body()).get("error").asText()).startsWith(r[1]);
      }
      HttpResponse<String> silence =
          send(
              "POST",
              "/api/v2/silences",
              """
              {"matchers": [{"name": "sloth_severity", "value": "page"}],
               "startsAt": "2026-12-06T01:00:00Z", "duration": "2h",
               "recurrence": {"frequency": "weekly"}, "createdBy": "ops", "comment": "patching"}
              """);
      assertThat(silence.statusCode()).isEqualTo(400);
      assertThat(silence.body()).startsWith("\"recurrence: silences do not recur");

      AlertOperationsEndToEndTest.burn(server);
      JsonNode page = awaitPage();
      assertThat(page.get("maintenanceBy")).isEmpty();

      Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(6);
      Instant end = start.plusSeconds(6);
      String first = start.minus(Duration.ofDays(1)).toString();
      String pages = createDaily("sloth_severity", "page", first);
      String payments = createDaily("sloth_slo", "payments-availability", first);

      // Between occurrences (yesterday's and today's): pending, nothing muted, no budget kept.
      JsonNode w = json.readTree(send("GET", "/api/v1/maintenance/" + pages, null).body());
      assertThat(w.at("/data/status/state").asText()).isEqualTo("pending");
      assertThat(w.at("/data/nextOccurrence/startsAt").asText()).isEqualTo(start.toString());
      assertThat(w.at("/data/nextOccurrence/endsAt").asText()).isEqualTo(end.toString());
      assertThat(w.at("/data/recurrence/frequency").asText()).isEqualTo("daily");
      assertThat(w.at("/data/recurrence/timeZone").asText()).isEqualTo("Europe/Berlin");
      assertThat(awaitPage().get("maintenanceBy")).isEmpty();
      Thread.sleep(2000); // marks are written every second
      assertThat(maintenanceMarks()).isZero();

      sleepUntil(start.plusMillis(2500));
      assertThat(state(pages)).isEqualTo("active");
      assertThat(awaitPage().get("maintenanceBy").get(0).asText()).isEqualTo(pages);
      assertThat(maintenanceMarks()).isPositive();

      sleepUntil(end.plusMillis(2500));
      JsonNode after = json.readTree(send("GET", "/api/v1/maintenance/" + payments, null).body());
      assertThat(after.at("/data/status/state").asText()).isEqualTo("pending");
      assertThat(after.at("/data/nextOccurrence/startsAt").asText())
          .isEqualTo(start.plus(Duration.ofDays(1)).toString());
      assertThat(awaitPage().get("maintenanceBy")).isEmpty();
      assertThat(maintenanceMarks()).isZero();
    } finally {
      server.close();
    }
  }

  /**
   * A monthly window on the first Sunday, for three months without February's, as the API takes and
   * shows it; and one whose start is not a first Sunday is refused, naming the field.
   */
  @Test
  void aMonthlyWindowOnTheFirstSundayIsKeptAsWritten() throws Exception {
    startServer();
    try {
      String body =
          """
          {"matchers": [{"name": "sloth_severity", "value": "page"}],
           "startsAt": "%s", "duration": "2h",
           "recurrence": {"frequency": "monthly", "byDay": ["1SU"], "timeZone": "Europe/Berlin",
                          "count": 3, "exDates": ["2027-02-07"]},
           "createdBy": "ops", "comment": "monthly patching"}
          """;
      HttpResponse<String> bad =
          send("POST", "/api/v1/maintenance", body.formatted("2027-01-10T01:00:00Z"));
      assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
      assertThat(json.readTree(bad.body()).get("error").asText())
          .startsWith("recurrence.byDay: startsAt is the first occurrence, but 2027-01-10");
      HttpResponse<String> created =
          send("POST", "/api/v1/maintenance", body.formatted("2027-01-03T01:00:00Z"));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      String id = json.readTree(created.body()).at("/data/id").asText();
      JsonNode w = json.readTree(send("GET", "/api/v1/maintenance/" + id, null).body());
      assertThat(w.at("/data/recurrence/frequency").asText()).isEqualTo("monthly");
      assertThat(w.at("/data/recurrence/byDay/0").asText()).isEqualTo("1SU");
      assertThat(w.at("/data/recurrence/count").asInt()).isEqualTo(3);
      assertThat(w.at("/data/recurrence/exDates/0").asText()).isEqualTo("2027-02-07");
      assertThat(w.at("/data/status/state").asText()).isEqualTo("pending");
      assertThat(w.at("/data/nextOccurrence/startsAt").asText()).isEqualTo("2027-01-03T01:00:00Z");
    } finally {
      server.close();
    }
  }

  String createDaily(String name, String value, String startsAt) throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/v1/maintenance",
            """
            {"matchers": [{"name": "%s", "value": "%s"}],
             "startsAt": "%s", "duration": "6s",
             "recurrence": {"frequency": "daily", "interval": 1, "timeZone": "Europe/Berlin"},
             "createdBy": "ops", "comment": "nightly failover drill"}
            """
                .formatted(name, value, startsAt));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body()).at("/data/id").asText();
  }

  String state(String id) throws Exception {
    return json.readTree(send("GET", "/api/v1/maintenance/" + id, null).body())
        .at("/data/status/state")
        .asText();
  }

  /** The firing page of the requests SLO (the payments SLO may be in maintenance). */
  JsonNode awaitPage() throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    JsonNode last = null;
    while (System.currentTimeMillis() < deadline) {
      last = json.readTree(send("GET", "/api/v1/alerts", null).body()).at("/data/alerts");
      for (JsonNode a : last) {
        if (a.get("state").asText().equals("firing")
            && a.at("/labels/sloth_id").asText().equals("checkout-requests-availability")
            && a.at("/labels/sloth_severity").asText().equals("page")) {
          return a;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no firing page; alerts: " + last);
  }

  /** How many maintenance marks the payments SLO got in the last 2 s. */
  int maintenanceMarks() throws Exception {
    String q =
        java.net.URLEncoder.encode(
            "count_over_time(vigil_slo_maintenance{sloth_slo=\"payments-availability\"}[2s])",
            java.nio.charset.StandardCharsets.UTF_8);
    JsonNode r = json.readTree(send("GET", "/api/v1/query?query=" + q, null).body());
    JsonNode result = r.at("/data/result");
    assertThat(result.isArray()).as(r.toString()).isTrue();
    return result.isEmpty() ? 0 : result.get(0).at("/value/1").asInt();
  }

  static void sleepUntil(Instant t) throws InterruptedException {
    long ms = Duration.between(Instant.now(), t).toMillis();
    if (ms > 0) {
      Thread.sleep(ms);
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
