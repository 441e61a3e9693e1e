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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vigil beside the real peers of its alerting, from Debian's packages (fetched by {@code
 * bench/peers.sh}): a real Alertmanager 0.25 on loopback receives Vigil's page through its v2 API
 * and delivers it, then its resolution, to a webhook; amtool manages silences through Vigil's
 * Alertmanager-compatible silences API; and promtool and {@code vigil rules test} agree on the same
 * rule unit tests. Run with {@code ./mvnw -Ppeers -pl server -am verify}.
 */
@Tag("peers")
class AlertmanagerPeerTest {
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  static Path peers() throws Exception {
    Path repo = Path.of(System.getProperty("user.dir")).getParent();
    Process fetch =
        new ProcessBuilder("bash", repo.resolve("bench/peers.sh").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(fetch.waitFor()).as(out).isZero();
    return Path.of(out.lines().reduce((a, b) -> b).orElseThrow(), "usr/bin");
  }

  static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void alertmanagerReceivesVigilsPageAndItsResolution() throws Exception {
    Path bin = peers();
    List<JsonNode> delivered = new CopyOnWriteArrayList<>();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        exchange -> {
          delivered.add(json.readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    hook.start();
    int amPort = freePort();
    Path amConfig = dir.resolve("alertmanager.yml");
    Files.writeString(
        amConfig,
        """
        route:
          receiver: hook
          group_by: [alertname, sloth_id]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: hook
            webhook_configs:
              - url: http://127.0.0.1:%d/hook
                send_resolved: true
        """
            .formatted(hook.getAddress().getPort()));
    Process am =
        new ProcessBuilder(
                "bash",
                Path.of(System.getProperty("user.dir"))
                    .getParent()
                    .resolve("bench/alertmanager.sh")
                    .toString(),
                "--config.file=" + amConfig,
                "--storage.path=" + dir.resolve("am-data"),
                "--web.listen-address=127.0.0.1:" + amPort,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager.log").toFile())
            .start();
    Path rules = Files.createDirectories(dir.resolve("rules"));
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
              annotations:
                runbook_url: https://runbooks.example/checkout
        """);
    VigilConfig config = VigilConfig.defaults().withDataDir(dir.resolve("vigil")).withHttpPort(0);
    config =
        config
            .withCollector(config.collector().withPorts(0, 0))
            .withAlerting(
                AlertingConfig.defaults()
                    .withRulesDir(rules)
                    .withInterval(Duration.ofSeconds(1))
                    .withAlertmanager(URI.create("http://127.0.0.1:" + amPort)));
    VigilServer vigil = VigilServer.create(config);
    vigil.start();
    try {
      await(() -> get("http://127.0.0.1:" + amPort + "/-/ready").statusCode() == 200, "ready");
      AlertOperationsEndToEndTest.burn(vigil);
      Predicate<JsonNode> page =
          a -> a.get("labels").path("sloth_severity").asText().equals("page");
      JsonNode firing = awaitDelivery(delivered, "firing", page);
      assertThat(firing.get("labels").get("alertname").asText()).isEqualTo("CheckoutHighErrorRate");
      assertThat(firing.get("labels").get("sloth_id").asText())
          .isEqualTo("checkout-requests-availability");
      assertThat(firing.get("labels").get("burn_window").asText()).isNotEmpty();
      assertThat(firing.get("annotations").get("runbook_url").asText())
          .isEqualTo("https://runbooks.example/checkout");
      assertThat(firing.get("annotations").get("dashboard_url").asText())
          .isEqualTo("http://localhost:8080/#/slo/checkout-requests-availability");
      assertThat(firing.get("generatorURL").asText())
          .startsWith("http://localhost:8080/graph?g0.expr=");
      JsonNode inAm = json.readTree(get("http://127.0.0.1:" + amPort + "/api/v2/alerts").body());
      assertThat(inAm.toString()).contains("CheckoutHighErrorRate");
      // The SLO file goes away: Vigil resolves its alerts, Alertmanager sends the resolution.
      Files.delete(rules.resolve("checkout.yml"));
      send("POST", "http://127.0.0.1:" + vigil.httpPort() + "/-/reload", "");
      awaitDelivery(delivered, "resolved", page);
      assertThat(get("http://127.0.0.1:" + vigil.httpPort() + "/metrics").body())
          .containsPattern("vigil_alert_notifications_total\\{receiver=\"alertmanager\"} [1-9]");
    } finally {
      vigil.close();
      am.destroy();
      am.waitFor(20, TimeUnit.SECONDS);
      hook.stop(0);
    }
  }

  @Test
  void amtoolManagesSilencesThroughVigil() throws Exception {
    Path bin = peers();
    VigilConfig config = VigilConfig.defaults().withDataDir(dir.resolve("vigil")).withHttpPort(0);
    config =
        config
            .withCollector(config.collector().withPorts(0, 0))
            .withAlerting(AlertingConfig.defaults().withRulesDir(dir.resolve("rules")));
    VigilServer vigil = VigilServer.create(config);
    vigil.start();
    try {
      String url = "--alertmanager.url=http://127.0.0.1:" + vigil.httpPort();
      String id =
          amtool(
                  bin,
                  url,
                  "silence",
                  "add",
                  "sloth_id=checkout-requests-availability",
                  "sloth_severity=~page|ticket",
                  "--author=alice",
                  "--comment=failover drill",
                  "--duration=2h")
              .strip();
      assertThat(id).matches("[0-9a-f-]{36}");
      JsonNode listed = json.readTree(amtool(bin, url, "silence", "query", "-o", "json"));
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).get("createdBy").asText()).isEqualTo("alice");
      assertThat(listed.get(0).get("matchers").toString())
          .contains("\"isRegex\":true")
          .contains("page|ticket");
      amtool(bin, url, "silence", "expire", id);
      JsonNode mine =
          json.readTree(
              get("http://127.0.0.1:" + vigil.httpPort() + "/api/v2/silence/" + id).body());
      assertThat(mine.get("status").get("state").asText()).isEqualTo("expired");
      assertThat(json.readTree(amtool(bin, url, "silence", "query", "-o", "json"))).isEmpty();
    } finally {
      vigil.close();
    }
  }

  @Test
  void promtoolAndVigilAgreeOnRuleUnitTests() throws Exception {
    Path bin = peers();
    Path src =
        Path.of(System.getProperty("user.dir"))
            .getParent()
            .resolve("alert-engine/src/test/resources/unittest");
    List<String> tests =
        List.of(
            "alerts_test.yml",
            "failing_test.yml",
            "external_test.yml",
            "order_test.yml",
            "unordered_test.yml");
    for (String f : List.of("alerts.yml", "external.yml", "order.yml")) {
      Files.copy(src.resolve(f), dir.resolve(f));
    }
    for (String test : tests) {
      Files.copy(src.resolve(test), dir.resolve(test));
    }
    for (String test : tests) {
      Process promtool =
          new ProcessBuilder(bin.resolve("promtool").toString(), "test", "rules", test)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      String promOut = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int promExit = promtool.waitFor();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      int vigilExit =
          new dev.vigil.alert.unittest.RulesUnitTest(
                  dev.vigil.alert.load.RuleLoader.withDefaults(),
                  store ->
                      new dev.vigil.server.alerting.EngineQueries(
                          new dev.vigil.promql.engine.Engine(
                              store, dev.vigil.promql.engine.EngineOptions.DEFAULTS)))
              .run(
                  List.of(dir.resolve(test).toString()),
                  new java.io.PrintStream(out, true),
                  new java.io.PrintStream(out, true));
      assertThat(vigilExit)
          .as(test + "\npromtool:\n" + promOut + "\nvigil:\n" + out)
          .isEqualTo(promExit);
    }
  }

  String amtool(Path bin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(bin.resolve("amtool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
    return out;
  }

  JsonNode awaitDelivery(List<JsonNode> delivered, String status, Predicate<JsonNode> which)
      throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      for (JsonNode n : delivered) {
        for (JsonNode a : n.get("alerts")) {
          if (a.get("status").asText().equals(status) && which.test(a)) {
            return a;
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no " + status + " alert delivered by Alertmanager; got " + delivered);
  }

  void await(java.util.concurrent.Callable<Boolean> ok, String what) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (ok.call()) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Alertmanager not " + what);
  }

  HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(String method, String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
