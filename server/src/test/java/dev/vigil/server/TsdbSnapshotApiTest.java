package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.Tenant;
import dev.vigil.model.access.AccessPolicy;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.tsdb.block.Block;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/admin/tsdb/snapshot} through a real server and HTTP client. */
class TsdbSnapshotApiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path dataDir;

  private static VigilConfig config(Path dataDir, AccessPolicy access) {
    VigilConfig c = VigilConfig.defaults().withDataDir(dataDir).withHttpPort(0);
    return c.withCollector(c.collector().withPorts(0, 0).withAccess(access));
  }

  private static HttpResponse<String> post(VigilServer server, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .POST(HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> write(VigilServer server, String... headers)
      throws Exception {
    byte[] body =
        RemoteWriteTest.writeRequest(
            new String[] {"__name__", "node_load1", "instance", "a:9100"},
            new long[] {1_700_000_000_000L, 1_700_000_015_003L, 1_700_000_030_001L},
            new double[] {0.5, Math.PI, 0.1 + 0.2});
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/write"))
            .header("Content-Type", "application/x-protobuf")
            .header("Content-Encoding", "snappy")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Every sample in the snapshot's blocks of a tenant, as {@code t=bits}. */
  private static List<String> samplesIn(Path tenantDir) throws Exception {
    List<String> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(tenantDir)) {
      for (Path d : dirs.sorted().toList()) {
        Block b = Block.open(d);
        try {
          for (int i = 0; i < b.seriesCount(); i++) {
            Series s = b.seriesAt(i);
            SampleIterator it = s.samples();
            while (it.next()) {
              out.add(
                  s.labels().get("__name__")
                      + "@"
                      + it.timestamp()
                      + "="
                      + Long.toHexString(Double.doubleToRawLongBits(it.value())));
            }
          }
        } finally {
          b.close();
        }
      }
    }
    return out;
  }

  @Test
  void disabledByDefault() throws Exception {
    try (VigilServer server = VigilServer.create(config(dataDir, AccessPolicy.open()))) {
      server.start();
      assertThat(write(server).statusCode()).isEqualTo(204);
      HttpResponse<String> r = post(server, "/api/v1/admin/tsdb/snapshot");
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("\"status\":\"error\"").contains("--enable-admin-api");
      assertThat(dataDir.resolve("tsdb").resolve("snapshots")).doesNotExist();
    }
  }

  @Test
  void writesTheTenantsHeadAsBlocksBitForBit() throws Exception {
    try (VigilServer server =
        VigilServer.create(config(dataDir, AccessPolicy.open().withAdminApi(true)))) {
      server.start();
      assertThat(write(server, "X-Scope-OrgID", "ops").statusCode()).isEqualTo(204);
      assertThat(write(server).statusCode()).isEqualTo(204);

      HttpResponse<String> r = post(server, "/api/v1/admin/tsdb/snapshot", "X-Scope-OrgID", "ops");

      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode json = new ObjectMapper().readTree(r.body());
      assertThat(json.get("status").asText()).isEqualTo("success");
      String name = json.get("data").get("name").asText();
      Path snap = dataDir.resolve("tsdb").resolve("snapshots").resolve(name);
      assertThat(snap.resolve("default")).doesNotExist();
      assertThat(samplesIn(snap.resolve("ops")))
          .containsExactly(
              "node_load1@1700000000000=" + Long.toHexString(Double.doubleToRawLongBits(0.5)),
              "node_load1@1700000015003=" + Long.toHexString(Double.doubleToRawLongBits(Math.PI)),
              "node_load1@1700000030001="
                  + Long.toHexString(Double.doubleToRawLongBits(0.1 + 0.2)));
      // The head still answers: the snapshot did not cut it.
      assertThat(server.tsdb().seriesCount()).isEqualTo(2);

      HttpResponse<String> bad =
          post(server, "/api/v1/admin/tsdb/snapshot?skip_head=maybe", "X-Scope-OrgID", "ops");
      assertThat(bad.statusCode()).isEqualTo(400);
      HttpResponse<String> skipped = post(server, "/api/v1/admin/tsdb/snapshot?skip_head=true");
      assertThat(skipped.statusCode()).isEqualTo(200);
      String empty = new ObjectMapper().readTree(skipped.body()).get("data").get("name").asText();
      try (Stream<Path> blocks =
          Files.list(dataDir.resolve("tsdb/snapshots").resolve(empty).resolve("default"))) {
        assertThat(blocks.count()).isZero();
      }
    }
  }

  @Test
  void withTokensOnlyAdminTokensMaySnapshotAndOnlyTheirTenant() throws Exception {
    AccessPolicy access =
        new AccessPolicy(
            AccessPolicy.DEFAULT_TENANT_HEADER,
            Map.of("admin-token", new Tenant("ops"), "plain-token", new Tenant("ops")),
            Set.of("admin-token"),
            true);
    try (VigilServer server = VigilServer.create(config(dataDir, access))) {
      server.start();
      assertThat(write(server, "Authorization", "Bearer plain-token").statusCode()).isEqualTo(204);
      String path = "/api/v1/admin/tsdb/snapshot";
      assertThat(post(server, path).statusCode()).isEqualTo(401);
      assertThat(post(server, path, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
      HttpResponse<String> plain = post(server, path, "Authorization", "Bearer plain-token");
      assertThat(plain.statusCode()).isEqualTo(403);
      assertThat(plain.body()).contains("admin");
      assertThat(dataDir.resolve("tsdb").resolve("snapshots")).doesNotExist();

      // The tenant header cannot widen an admin token to another tenant.
      HttpResponse<String> admin =
          post(server, path, "Authorization", "Bearer admin-token", "X-Scope-OrgID", "other");
      assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
      String name = new ObjectMapper().readTree(admin.body()).get("data").get("name").asText();
      Path snap = dataDir.resolve("tsdb").resolve("snapshots").resolve(name);
      assertThat(samplesIn(snap.resolve("ops"))).hasSize(3);
      assertThat(snap.resolve("other")).doesNotExist();
    }
  }
}
