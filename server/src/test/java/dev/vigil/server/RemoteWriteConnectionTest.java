package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.access.AccessPolicy;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesQuerier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote write served on the HTTP/1.1 connection itself, and what it leaves to the controller: each
 * way must store the same samples in the same tenant and answer in the order the requests came.
 */
class RemoteWriteConnectionTest {
  @TempDir Path dataDir;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void aRequestWithALengthIsServedOnTheConnection() throws Exception {
    try (VigilServer vigil = start(VigilConfig.defaults().withDataDir(dataDir))) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r =
            post(vigil, ofBytes(sample("conn_metric", i)), "X-Scope-OrgID", "team-c");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
      }
      assertThat(values(vigil, "team-c", "conn_metric")).containsExactly(0.0, 1.0, 2.0);
      assertThat(values(vigil, Tenant.DEFAULT.id(), "conn_metric")).isEmpty();
      assertThat(served(vigil, "connection")).isEqualTo(3);
      assertThat(served(vigil, "controller")).isZero();
    }
  }

  @Test
  void aBodyWithoutALengthGoesThroughTheController() throws Exception {
    try (VigilServer vigil = start(VigilConfig.defaults().withDataDir(dataDir))) {
      byte[] body = sample("chunked_metric", 7);
      HttpResponse<String> r =
          post(
              vigil,
              HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)),
              "X-Scope-OrgID",
              "team-c");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
      assertThat(values(vigil, "team-c", "chunked_metric")).containsExactly(7.0);
      assertThat(served(vigil, "controller")).isEqualTo(1);
      assertThat(served(vigil, "connection")).isZero();
    }
  }

  /** A body larger than the handler's first buffer arrives in many pieces and is stored whole. */
  @Test
  void aLargeBodyIsGatheredWhole() throws Exception {
    try (VigilServer vigil = start(VigilConfig.defaults().withDataDir(dataDir))) {
      java.util.Random random = new java.util.Random(3);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      int series = 4000;
      for (int i = 0; i < series; i++) {
        byte[] noise = new byte[48];
        random.nextBytes(noise);
        byte[] one =
            RemoteWriteTest.rawWriteRequest(
                new String[] {
                  "__name__", "large_metric", "id", java.util.HexFormat.of().formatHex(noise)
                },
                new long[] {1_700_000_000_000L},
                new double[] {i});
        request.writeBytes(one);
      }
      byte[] body = RemoteWriteTest.snappy(request.toByteArray());
      assertThat(body.length).isGreaterThan(300_000);
      HttpResponse<String> r = post(vigil, ofBytes(body));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
      assertThat(values(vigil, Tenant.DEFAULT.id(), "large_metric")).hasSize(series);
      assertThat(served(vigil, "connection")).isEqualTo(1);
    }
  }

  /** Errors found by the store answer the same on the connection as through the controller. */
  @Test
  void errorAnswersAreTheControllers() throws Exception {
    try (VigilServer vigil = start(VigilConfig.defaults().withDataDir(dataDir))) {
      HttpResponse<String> notSnappy = post(vigil, ofBytes("not snappy".getBytes()));
      assertThat(notSnappy.statusCode()).isEqualTo(400);
      assertThat(notSnappy.body()).contains("snappy");
      HttpResponse<String> gzip = post(vigil, ofBytes(new byte[] {1}), "Content-Encoding", "gzip");
      assertThat(gzip.statusCode()).isEqualTo(415);
      HttpResponse<String> get =
          http.send(
              HttpRequest.newBuilder(uri(vigil)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(405);
      assertThat(served(vigil, "connection")).isEqualTo(1);
    }
  }

  /**
   * Requests written back to back on one socket (HTTP/1.1 pipelining), mixing ones Micronaut serves
   * with remote writes: the answers must come in the order of the requests.
   */
  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (VigilServer vigil = start(VigilConfig.defaults().withDataDir(dataDir));
        Socket socket = new Socket("127.0.0.1", vigil.httpPort())) {
      socket.setSoTimeout(20_000);
      ByteArrayOutputStream requests = new ByteArrayOutputStream();
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        if (i % 3 == 1) {
          requests.writeBytes(
              "GET /api/v1/labels HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          expected.add(200);
        }
        byte[] body = sample("pipelined_metric", i);
        requests.writeBytes(
            ("POST /api/v1/write HTTP/1.1\r\nHost: x\r\nContent-Encoding: snappy\r\n"
                    + "Content-Type: application/x-protobuf\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        requests.writeBytes(body);
        expected.add(204);
      }
      requests.writeBytes(
          "GET /-/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      expected.add(200);
      OutputStream out = socket.getOutputStream();
      out.write(requests.toByteArray());
      out.flush();
      assertThat(statuses(socket.getInputStream(), expected.size())).isEqualTo(expected);
      assertThat(values(vigil, Tenant.DEFAULT.id(), "pipelined_metric"))
          .containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0);
    }
  }

  @Test
  void tokensAreCheckedOnTheConnectionAsByTheAccessFilter() throws Exception {
    VigilConfig config = VigilConfig.defaults().withDataDir(dataDir);
    config =
        config.withCollector(
            config
                .collector()
                .withAccess(
                    new AccessPolicy(
                        AccessPolicy.DEFAULT_TENANT_HEADER,
                        Map.of("ops-token", new Tenant("ops")))));
    try (VigilServer vigil = start(config)) {
      HttpResponse<String> none = post(vigil, ofBytes(sample("token_metric", 1)));
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.body()).contains("\"status\":\"error\"");
      HttpResponse<String> wrong =
          post(vigil, ofBytes(sample("token_metric", 2)), "Authorization", "Bearer wrong");
      assertThat(wrong.statusCode()).isEqualTo(401);
      HttpResponse<String> right =
          post(vigil, ofBytes(sample("token_metric", 3)), "Authorization", "Bearer ops-token");
      assertThat(right.statusCode()).as(right.body()).isEqualTo(204);
      assertThat(values(vigil, "ops", "token_metric")).containsExactly(3.0);
      assertThat(values(vigil, Tenant.DEFAULT.id(), "token_metric")).isEmpty();
      assertThat(served(vigil, "connection")).isEqualTo(1);
    }
  }

  private static VigilServer start(VigilConfig config) throws Exception {
    VigilServer server =
        VigilServer.create(
            config.withHttpPort(0).withCollector(config.collector().withPorts(0, 0)));
    server.start();
    return server;
  }

  /** The status codes of {@code n} HTTP/1.1 responses read from {@code in}. */
  private static List<Integer> statuses(InputStream in, int n) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String status = line(in);
      out.add(Integer.parseInt(status.split(" ")[1]));
      int length = 0;
      boolean chunked = false;
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        String lower = h.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(h.substring(15).strip());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        }
      }
      if (chunked) {
        for (int size = Integer.parseInt(line(in).strip(), 16);
            size > 0;
            size = Integer.parseInt(line(in).strip(), 16)) {
          in.readNBytes(size);
          line(in);
        }
        line(in);
      } else {
        in.readNBytes(length);
      }
    }
    return out;
  }

  private static String line(InputStream in) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new java.io.EOFException("connection closed after: " + sb);
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  private static byte[] sample(String metric, int i) throws Exception {
    return RemoteWriteTest.writeRequest(
        new String[] {"__name__", metric, "instance", "a:9100"},
        new long[] {1_700_000_000_000L + i * 15_000L},
        new double[] {i});
  }

  private static HttpRequest.BodyPublisher ofBytes(byte[] body) {
    return HttpRequest.BodyPublishers.ofByteArray(body);
  }

  private static URI uri(VigilServer vigil) {
    return URI.create("http://127.0.0.1:" + vigil.httpPort() + "/api/v1/write");
  }

  private HttpResponse<String> post(
      VigilServer vigil, HttpRequest.BodyPublisher body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(vigil))
            .header("Content-Type", "application/x-protobuf")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .POST(body);
    boolean encodingGiven = false;
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
      encodingGiven |= headers[i].equalsIgnoreCase("Content-Encoding");
    }
    if (!encodingGiven) {
      b.header("Content-Encoding", "snappy");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Remote-write requests counted as served {@code path}, from the server's /metrics. */
  private static long served(VigilServer vigil, String path) throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
        .write(text, vigil.registry().scrape());
    Matcher m =
        Pattern.compile("vigil_remote_write_requests_total\\{path=\"" + path + "\"} ([0-9.eE+]+)")
            .matcher(text.toString(StandardCharsets.UTF_8));
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  private static List<Double> values(VigilServer vigil, String tenant, String metric) {
    List<Double> out = new ArrayList<>();
    try (SeriesQuerier q = vigil.tsdb().querier(new Tenant(tenant), 0, Long.MAX_VALUE)) {
      for (Series s : q.select(List.of(LabelMatcher.equal("__name__", metric)))) {
        SampleIterator it = s.samples();
        while (it.next()) {
          out.add(it.value());
        }
      }
    }
    return out;
  }
}
