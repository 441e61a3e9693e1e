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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A range query large enough to split between PromQL workers runs on the server's helper threads,
 * and stopping the server ends them: nothing of the engine outlives the server that made it.
 */
class QueryWorkersShutdownTest {
  static final long T0 = 1_700_000_000_000L;
  static final int SERIES = 100;
  static final int SAMPLES = 240; // an hour at 15 s

  @TempDir Path dataDir;

  @Test
  void aLargeRangeQueryUsesTheWorkersAndStoppingTheServerEndsThem() throws Exception {
    VigilConfig config =
        VigilConfig.defaults().withDataDir(dataDir).withHttpPort(0).withQueryWorkers(2);
    VigilServer server =
        VigilServer.create(config.withCollector(config.collector().withPorts(0, 0)));
    server.start();
    HttpClient http = HttpClient.newHttpClient();
    List<Thread> helpers;
    try {
      long[] ts = new long[SAMPLES];
      for (int s = 0; s < SERIES; s++) {
        double[] vs = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
          ts[i] = T0 + i * 15_000L;
          vs[i] = i * (s + 1.0);
        }
        byte[] body =
            RemoteWriteTest.writeRequest(
                new String[] {"__name__", "requests_total", "instance", "i" + s}, ts, vs);
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(uri(server, "/api/v1/write"))
                    .header("Content-Encoding", "snappy")
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
      }
      // 100 series × 221 steps: over the engine's 16,384 series-steps, so the query splits.
      String query = URLEncoder.encode("rate(requests_total[5m])", StandardCharsets.UTF_8);
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      uri(
                          server,
                          "/api/v1/query_range?query="
                              + query
                              + "&start="
                              + (T0 / 1000 + 300)
                              + "&end="
                              + (T0 / 1000 + 300 + 220 * 15)
                              + "&step=15"))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode result = new ObjectMapper().readTree(r.body()).get("data").get("result");
      assertThat(result).hasSize(SERIES);
      for (JsonNode series : result) {
        double perStep =
            Double.parseDouble(series.get("metric").get("instance").asText().substring(1)) + 1;
        JsonNode last = series.get("values").get(series.get("values").size() - 1);
        assertThat(Double.parseDouble(last.get(1).asText()))
            .isCloseTo(perStep / 15, org.assertj.core.data.Offset.offset(1e-9));
      }
      helpers = workerThreads();
      assertThat(helpers).as("helper threads after a split query").isNotEmpty();
    } finally {
      server.close();
    }
    for (Thread t : helpers) {
      t.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(t.isAlive()).as("%s after the server stopped", t.getName()).isFalse();
    }
  }

  private static List<Thread> workerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("vigil-promql-worker-") && t.isAlive())
        .toList();
  }

  private static URI uri(VigilServer server, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.httpPort() + pathAndQuery);
  }
}
