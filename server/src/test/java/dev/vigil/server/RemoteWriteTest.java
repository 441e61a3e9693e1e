package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesQuerier;
import io.airlift.compress.v3.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prometheus remote-write 1.0 into the tsdb, and its error answers. */
class RemoteWriteTest {
  @TempDir static Path dataDir;
  static VigilServer server;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    VigilConfig config = VigilConfig.defaults().withDataDir(dataDir).withHttpPort(0);
    server = VigilServer.create(config.withCollector(config.collector().withPorts(0, 0)));
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  /** WriteRequest{timeseries: [{labels, samples}]} encoded by hand, as a sender would. */
  static byte[] writeRequest(String[] labels, long[] times, double[] values) throws Exception {
    return snappy(rawWriteRequest(labels, times, values));
  }

  /** As {@link #writeRequest}, not compressed: requests of several series concatenate. */
  static byte[] rawWriteRequest(String[] labels, long[] times, double[] values) throws Exception {
    ByteArrayOutputStream series = new ByteArrayOutputStream();
    CodedOutputStream s = CodedOutputStream.newInstance(series);
    for (int i = 0; i < labels.length; i += 2) {
      ByteArrayOutputStream label = new ByteArrayOutputStream();
      CodedOutputStream l = CodedOutputStream.newInstance(label);
      l.writeString(1, labels[i]);
      l.writeString(2, labels[i + 1]);
      l.flush();
      s.writeByteArray(1, label.toByteArray());
    }
    for (int i = 0; i < times.length; i++) {
      ByteArrayOutputStream sample = new ByteArrayOutputStream();
      CodedOutputStream p = CodedOutputStream.newInstance(sample);
      p.writeDouble(1, values[i]);
      p.writeInt64(2, times[i]);
      p.flush();
      s.writeByteArray(2, sample.toByteArray());
    }
    s.flush();
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    CodedOutputStream r = CodedOutputStream.newInstance(request);
    r.writeByteArray(1, series.toByteArray());
    r.flush();
    return request.toByteArray();
  }

  static byte[] snappy(byte[] raw) {
    SnappyCompressor c = SnappyCompressor.create();
    byte[] out = new byte[c.maxCompressedLength(raw.length)];
    int n = c.compress(raw, 0, raw.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }

  static HttpResponse<String> post(byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/write"))
            .header("Content-Type", "application/x-protobuf")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
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

  @Test
  void samplesAreStoredForTheRequestsTenant() throws Exception {
    HttpResponse<String> r =
        post(
            writeRequest(
                new String[] {"__name__", "node_load1", "instance", "a:9100"},
                new long[] {1_700_000_000_000L, 1_700_000_015_000L},
                new double[] {0.5, 0.75}),
            "X-Scope-OrgID",
            "ops");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    try (SeriesQuerier q = server.tsdb().querier(new Tenant("ops"), 0, Long.MAX_VALUE)) {
      List<Series> s = q.select(List.of(LabelMatcher.equal("__name__", "node_load1")));
      assertThat(s).hasSize(1);
      assertThat(s.get(0).labels().get("instance")).isEqualTo("a:9100");
      SampleIterator it = s.get(0).samples();
      assertThat(it.next()).isTrue();
      assertThat(it.value()).isEqualTo(0.5);
      assertThat(it.next()).isTrue();
      assertThat(it.timestamp()).isEqualTo(1_700_000_015_000L);
    }
    try (SeriesQuerier q = server.tsdb().querier(Tenant.DEFAULT, 0, Long.MAX_VALUE)) {
      assertThat(q.select(List.of(LabelMatcher.equal("__name__", "node_load1")))).isEmpty();
    }
  }

  /**
   * The receiver keeps the store's handle on a series it has seen; the same label bytes from
   * another tenant, alternating, must still land in each sender's own tenant.
   */
  @Test
  void theSameSeriesFromTwoTenantsInTurnStaysInEachTenant() throws Exception {
    String[] labels = {"__name__", "shared_series", "instance", "b:9100"};
    for (int i = 0; i < 6; i++) {
      String tenant = i % 2 == 0 ? "team-x" : "team-y";
      HttpResponse<String> r =
          post(
              writeRequest(labels, new long[] {1_700_000_000_000L + i * 15_000L}, new double[] {i}),
              "X-Scope-OrgID",
              tenant);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }
    assertThat(values("team-x", "shared_series")).containsExactly(0.0, 2.0, 4.0);
    assertThat(values("team-y", "shared_series")).containsExactly(1.0, 3.0, 5.0);
    assertThat(values(Tenant.DEFAULT.id(), "shared_series")).isEmpty();
  }

  private static List<Double> values(String tenant, String metric) {
    List<Double> out = new java.util.ArrayList<>();
    try (SeriesQuerier q = server.tsdb().querier(new Tenant(tenant), 0, Long.MAX_VALUE)) {
      for (Series s : q.select(List.of(LabelMatcher.equal("__name__", metric)))) {
        SampleIterator it = s.samples();
        while (it.next()) {
          out.add(it.value());
        }
      }
    }
    return out;
  }

  @Test
  void malformedRequestsAre400AndStoreNothing() throws Exception {
    HttpResponse<String> notSnappy = post("definitely not snappy".getBytes());
    assertThat(notSnappy.statusCode()).isEqualTo(400);
    HttpResponse<String> notProtobuf = post(snappy(new byte[] {0x0A, 0x7F, 0x01}));
    assertThat(notProtobuf.statusCode()).isEqualTo(400);
    assertThat(notProtobuf.body()).contains("protobuf");
    HttpResponse<String> noName =
        post(writeRequest(new String[] {"job", "x"}, new long[] {1}, new double[] {1}));
    assertThat(noName.statusCode()).isEqualTo(400);
    assertThat(noName.body()).contains("__name__");
    HttpResponse<String> gzip = post(new byte[] {1}, "Content-Encoding", "gzip");
    assertThat(gzip.statusCode()).isEqualTo(415);
  }
}
