package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedOutputStream;
import io.airlift.compress.v3.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loki's push API in the form Promtail and Grafana Alloy send (snappy-compressed
 * logproto.PushRequest) and in JSON, with every undecodable body answered 400 naming why.
 */
class LokiPushTest {
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();
  VigilServer server;

  @BeforeEach
  void start() throws Exception {
    VigilConfig config = VigilConfig.defaults().withDataDir(dir).withHttpPort(0);
    server = VigilServer.create(config.withCollector(config.collector().withPorts(0, 0)));
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  // ---- a logproto.PushRequest writer, field numbers from Loki's pkg/push/push.proto

  record Entry(long ns, String line, String... metadata) {}

  static byte[] stream(String labels, Entry... entries) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(b);
    o.writeString(1, labels);
    for (Entry e : entries) {
      ByteArrayOutputStream eb = new ByteArrayOutputStream();
      CodedOutputStream eo = CodedOutputStream.newInstance(eb);
      ByteArrayOutputStream tb = new ByteArrayOutputStream();
      CodedOutputStream to = CodedOutputStream.newInstance(tb);
      to.writeInt64(1, e.ns() / 1_000_000_000L);
      to.writeInt32(2, (int) (e.ns() % 1_000_000_000L));
      to.flush();
      eo.writeByteArray(1, tb.toByteArray());
      eo.writeString(2, e.line());
      for (int i = 0; i < e.metadata().length; i += 2) {
        ByteArrayOutputStream mb = new ByteArrayOutputStream();
        CodedOutputStream mo = CodedOutputStream.newInstance(mb);
        mo.writeString(1, e.metadata()[i]);
        mo.writeString(2, e.metadata()[i + 1]);
        mo.flush();
        eo.writeByteArray(3, mb.toByteArray());
      }
      eo.flush();
      o.writeByteArray(2, eb.toByteArray());
    }
    o.writeUInt64(3, 12345); // the hash Promtail fills in; ignored
    o.flush();
    return b.toByteArray();
  }

  static byte[] request(byte[]... streams) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(b);
    for (byte[] s : streams) {
      o.writeByteArray(1, s);
    }
    o.flush();
    return b.toByteArray();
  }

  static byte[] snappy(byte[] raw) {
    SnappyCompressor c = SnappyCompressor.create();
    byte[] out = new byte[c.maxCompressedLength(raw.length)];
    int n = c.compress(raw, 0, raw.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }

  HttpResponse<String> push(byte[] body, String contentType, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/loki/api/v1/push"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  /** Lines of a log query, polled until some arrive (the refresh is at most a second). */
  List<String> lines(String logql, String... headers) throws Exception {
    String path =
        "/loki/api/v1/query_range?query=" + URLEncoder.encode(logql, StandardCharsets.UTF_8);
    long until = System.currentTimeMillis() + 3000;
    while (true) {
      JsonNode r = get(path, headers).get("data").get("result");
      if (!r.isEmpty() || System.currentTimeMillis() > until) {
        List<String> out = new java.util.ArrayList<>();
        r.forEach(s -> s.get("values").forEach(v -> out.add(v.get(1).asText())));
        return out;
      }
      Thread.sleep(50);
    }
  }

  static long now() {
    return System.currentTimeMillis() * 1_000_000L;
  }

  @Test
  void snappyProtobufAsPromtailSendsIt() throws Exception {
    long t = now();
    byte[] body =
        snappy(
            request(
                stream(
                    "{app=\"cart\", env=\"prod\"}",
                    new Entry(t, "cart checkout failed: timeout", "trace_id", "abc123"),
                    new Entry(t + 1, "cart ok")),
                stream("{app=\"payments\"}", new Entry(t + 2, "charge declined"))));
    HttpResponse<String> r = push(body, "application/x-protobuf");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);

    assertThat(lines("{app=\"cart\"} |= \"timeout\""))
        .containsExactly("cart checkout failed: timeout");
    assertThat(lines("{app=\"cart\", env=\"prod\"}")).hasSize(2);
    assertThat(lines("{app=\"payments\"}")).containsExactly("charge declined");
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("vigil_log_records_accepted_total 3.0")
        .contains("vigil_log_records_refused_total{reason=\"record_too_large\"} 0.0")
        .contains("vigil_log_tails_open 0.0");
    // Structured metadata becomes record attributes, searchable by plain search.
    JsonNode found =
        get(
            "/api/v1/logs/search?q="
                + URLEncoder.encode("attributes.trace_id:abc123", StandardCharsets.UTF_8));
    assertThat(found.toString()).contains("cart checkout failed").doesNotContain("cart ok");
    // A missing content type is protobuf, as in Loki.
    assertThat(
            push(snappy(request(stream("{app=\"x\"}", new Entry(t, "untyped")))), null)
                .statusCode())
        .isEqualTo(204);
  }

  @Test
  void pushesLandInTheirTenantOnly() throws Exception {
    byte[] body = snappy(request(stream("{app=\"secret\"}", new Entry(now(), "team a only"))));
    assertThat(push(body, "application/x-protobuf", "X-Scope-OrgID", "team-a").statusCode())
        .isEqualTo(204);
    assertThat(lines("{app=\"secret\"}", "X-Scope-OrgID", "team-a")).containsExactly("team a only");
    assertThat(lines("{app=\"secret\"}")).isEmpty();
    assertThat(lines("{app=\"secret\"}", "X-Scope-OrgID", "team-b")).isEmpty();
  }

  @Test
  void jsonWithStructuredMetadata() throws Exception {
    String body =
        "{\"streams\":[{\"stream\":{\"app\":\"j\"},\"values\":[[\""
            + now()
            + "\",\"json line\",{\"user\":\"u-1\"}]]}]}";
    HttpResponse<String> r = push(body.getBytes(StandardCharsets.UTF_8), "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertThat(lines("{app=\"j\"}")).containsExactly("json line");
    assertThat(
            get("/api/v1/logs/search?q="
                    + URLEncoder.encode("attributes.user:u-1", StandardCharsets.UTF_8))
                .toString())
        .contains("json line");
  }

  @Test
  void everyUndecodableBodyIsRefusedNamingTheProblem() throws Exception {
    long t = now();
    assertRefused(push("not snappy at all".getBytes(), "application/x-protobuf"), 400, "snappy");
    assertRefused(
        push(snappy(new byte[] {0x0a, 0x7f, 0x01}), "application/x-protobuf"),
        400,
        "not a valid snappy-compressed logproto.PushRequest");
    assertRefused(
        push(snappy(request(stream("app=\"x\"", new Entry(t, "l")))), "application/x-protobuf"),
        400,
        "stream labels 'app=\"x\"' at offset 0: expected '{'");
    assertRefused(
        push(snappy(request(stream("{app=\"x}", new Entry(t, "l")))), "application/x-protobuf"),
        400,
        "unterminated label value");
    assertRefused(
        push(snappy(request(stream("{}", new Entry(t, "l")))), "application/x-protobuf"),
        400,
        "a stream needs at least one label");
    assertRefused(
        push(snappy(request(stream("{9app=\"x\"}", new Entry(t, "l")))), "application/x-protobuf"),
        400,
        "expected a label name");
    assertRefused(
        push(snappy(request(stream("", new Entry(t, "l")))), "application/x-protobuf"),
        400,
        "stream 0 has no labels");
    assertRefused(push(snappy(new byte[0]), "application/x-protobuf"), 204, "");
    assertRefused(push("{\"streams\": 3}".getBytes(), "application/json"), 400, "body must be");
    assertRefused(push("{nope".getBytes(), "application/json"), 400, "body is not valid JSON");
    assertRefused(
        push(
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"soon\",\"x\"]]}]}".getBytes(),
            "application/json"),
        400,
        "stream 0 value 0: timestamp 'soon' is not Unix nanoseconds");
    assertRefused(
        push(
            "{\"streams\":[{\"stream\":{},\"values\":[[\"1\",\"x\"]]}]}".getBytes(),
            "application/json"),
        400,
        "\"stream\" must be an object of at least one label");
    assertRefused(
        push(
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\"]]}]}".getBytes(),
            "application/json"),
        400,
        "must be [\"<unix ns>\", \"<line>\"]");
    assertRefused(push("x".getBytes(), "text/plain"), 415, "unsupported Content-Type 'text/plain'");
    assertRefused(
        push("{}".getBytes(), "application/json", "Content-Encoding", "br"),
        415,
        "unsupported Content-Encoding 'br'");
  }

  private static void assertRefused(HttpResponse<String> r, int status, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).contains(message);
  }
}
