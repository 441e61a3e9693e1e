package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vigil.yml route tree sends an SLO's page to the pager and its ticket to the ticket queue (with
 * the default page-holds-back-ticket inhibition turned off), each receiver a real HTTP server.
 */
class AlertRoutingEndToEndTest {
  @TempDir Path dir;
  final ObjectMapper json = new ObjectMapper();
  final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();

  @Test
  void pagesAndTicketsGoWhereTheRoutesSay() throws Exception {
    HttpServer hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (String path : List.of("page", "ticket")) {
      received.put(path, new CopyOnWriteArrayList<>());
      hooks.createContext(
          "/" + path,
          ex -> {
            received.get(path).add(json.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
          });
    }
    hooks.start();
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.copy(
        Path.of(
            AlertRoutingEndToEndTest.class.getResource("/slo/checkout-availability.yml").toURI()),
        rules.resolve("checkout.yml"));
    int port = hooks.getAddress().getPort();
    VigilConfig config =
        VigilConfigFile.parse(
            new StringReader(
                """
                data-dir: %s
                http: {port: 0}
                otlp: {grpc-port: 0, http-port: 0}
                rules:
                  dir: %s
                  interval: 1s
                  webhooks:
                    - {name: pager, url: "http://127.0.0.1:%d/page"}
                    - {name: tickets, url: "http://127.0.0.1:%d/ticket"}
                  route:
                    receiver: tickets
                    routes:
                      - matchers: ['sloth_severity="page"']
                        receiver: pager
                  inhibit-rules: []
                """
                    .formatted(dir.resolve("data"), rules, port, port)),
            "vigil.yml");
    VigilServer server = VigilServer.create(config);
    server.start();
    try {
      AlertOperationsEndToEndTest.burn(server);
      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline
          && (received.get("page").isEmpty() || received.get("ticket").isEmpty())) {
        Thread.sleep(100);
      }
      assertThat(received.get("page")).isNotEmpty();
      assertThat(received.get("ticket")).isNotEmpty();
      for (String path : List.of("page", "ticket")) {
        for (JsonNode n : received.get(path)) {
          assertThat(n.get("receiver").asText())
              .isEqualTo(path.equals("page") ? "pager" : "tickets");
          for (JsonNode a : n.get("alerts")) {
            assertThat(a.get("labels").get("sloth_severity").asText()).isEqualTo(path);
          }
        }
      }
    } finally {
      server.close();
      hooks.stop(0);
    }
  }
}
