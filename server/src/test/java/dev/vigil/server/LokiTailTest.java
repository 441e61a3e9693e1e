package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loki's live tail over a real WebSocket client against the real server. */
class LokiTailTest {
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

  /** Collects text frames, pings and the close. */
  static final class Client implements WebSocket.Listener {
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final java.util.concurrent.atomic.AtomicInteger pings =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public CompletionStage<?> onPing(WebSocket ws, java.nio.ByteBuffer message) {
      pings.incrementAndGet();
      ws.request(1);
      return null; // the client answers with a pong by itself
    }

    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      closed.complete(code + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete("error " + error);
    }
  }

  record Tailing(WebSocket socket, Client client) {}

  Tailing tail(String params, String... headers) throws Exception {
    Client c = new Client();
    WebSocket.Builder b = http.newWebSocketBuilder();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    WebSocket ws =
        b.buildAsync(
                URI.create("ws://127.0.0.1:" + server.httpPort() + "/loki/api/v1/tail?" + params),
                c)
            .get(5, TimeUnit.SECONDS);
    return new Tailing(ws, c);
  }

  static String q(String logql) {
    return "query=" + URLEncoder.encode(logql, StandardCharsets.UTF_8);
  }

  void push(String app, String line, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/loki/api/v1/push"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"streams\":[{\"stream\":{\"app\":\""
                        + app
                        + "\"},\"values\":[[\""
                        + System.currentTimeMillis() * 1_000_000L
                        + "\",\""
                        + line
                        + "\"]]}]}"));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
  }

  /** The lines of the next frame within the time, or an empty list. */
  List<String> nextLines(Client c, long millis) throws Exception {
    String f = c.frames.poll(millis, TimeUnit.MILLISECONDS);
    if (f == null) {
      return List.of();
    }
    JsonNode frame = json.readTree(f);
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode s : frame.get("streams")) {
      s.get("values").forEach(v -> out.add(v.get(1).asText()));
    }
    return out;
  }

  @Test
  void aLineExportedByTheOtelSdkReachesTheTailWithinASecond() throws Exception {
    Tailing t = tail(q("{service_name=\"checkout\"} |= \"timeout\""));
    Thread.sleep(200); // the (empty) backfill runs first
    SdkLoggerProvider logging =
        SdkLoggerProvider.builder()
            .setResource(
                Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout")))
            .addLogRecordProcessor(
                SimpleLogRecordProcessor.create(
                    OtlpHttpLogRecordExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/logs")
                        .build()))
            .build();
    var logger = logging.get("app");
    logger.logRecordBuilder().setSeverity(Severity.INFO).setBody("all fine").emit();
    logger.logRecordBuilder().setSeverity(Severity.ERROR).setBody("gateway timeout").emit();
    logging.forceFlush().join(10, TimeUnit.SECONDS);
    long acked = System.nanoTime();
    List<String> got = nextLines(t.client(), 1000);
    long tookMs = (System.nanoTime() - acked) / 1_000_000;
    logging.shutdown();
    assertThat(got).as("within a second of the acknowledgement").containsExactly("gateway timeout");
    assertThat(tookMs).isLessThan(1000);
    push("other", "a timeout elsewhere");
    assertThat(nextLines(t.client(), 500)).isEmpty();
    t.socket().sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
  }

  @Test
  void backfillSinceStartThenLiveLinesAndTheFrameShape() throws Exception {
    push("shop", "before the tail");
    long start = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L;
    Tailing t = tail(q("{app=\"shop\"}") + "&start=" + start + "&limit=10&delay_for=0");
    String first = t.client().frames.poll(3, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    JsonNode frame = json.readTree(first);
    assertThat(frame.get("streams").get(0).get("stream").get("app").asText()).isEqualTo("shop");
    assertThat(frame.get("streams").get(0).get("values").get(0).get(0).asText()).matches("\\d{19}");
    assertThat(frame.get("streams").get(0).get("values").get(0).get(1).asText())
        .isEqualTo("before the tail");
    assertThat(frame.has("dropped_entries")).isFalse();
    push("shop", "after the tail");
    assertThat(nextLines(t.client(), 1000)).containsExactly("after the tail");
    assertThat(nextLines(t.client(), 300)).as("nothing twice").isEmpty();
  }

  @Test
  void theTailSeesOnlyItsTenant() throws Exception {
    Tailing a = tail(q("{app=\"shared\"}"), "X-Scope-OrgID", "team-a");
    Thread.sleep(200);
    push("shared", "default tenant line");
    push("shared", "team b line", "X-Scope-OrgID", "team-b");
    push("shared", "team a line", "X-Scope-OrgID", "team-a");
    assertThat(nextLines(a.client(), 1000)).containsExactly("team a line");
    assertThat(nextLines(a.client(), 300)).isEmpty();
  }

  @Test
  void badQueriesAndParametersCloseWithTheReason() throws Exception {
    assertThat(closeOf(q("{app=\"x\"")))
        .startsWith("1008 ")
        .containsIgnoringCase("parse error")
        .contains("col");
    assertThat(closeOf(q("rate({app=\"x\"}[1m])")))
        .startsWith("1008 ")
        .contains("is a metric query; a tail follows a log query");
    assertThat(closeOf("limit=5"))
        .isEqualTo("1008 parameter query is required, as in query={service_name=\"x\"}");
    assertThat(closeOf(q("{app=\"x\"}") + "&delay_for=9"))
        .isEqualTo("1008 delay_for must be between 0 and 5 seconds, got 9.0 s");
    assertThat(closeOf(q("{app=\"x\"}") + "&delay_for=soon"))
        .contains("parameter delay_for must be a number of seconds, got 'soon'");
    assertThat(closeOf(q("{app=\"x\"}") + "&limit=0")).contains("limit must be between 1 and 5000");
    assertThat(closeOf(q("{app=\"x\"}") + "&start=yesterday")).contains("cannot parse 'yesterday'");
    assertThat(closeOf(q("{app=\"x\"} |= \"" + "y".repeat(300) + "\" |")))
        .startsWith("1008 ")
        .satisfies(
            r -> assertThat(r.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(128));
  }

  private String closeOf(String params) throws Exception {
    return tail(params).client().closed.get(5, TimeUnit.SECONDS);
  }

  /**
   * A tail whose query matches nothing is pinged every {@code logs.tail-keepalive} and stays open;
   * its first line still arrives.
   */
  @Test
  void aQuietTailIsPingedAndStaysOpen() throws Exception {
    server.close();
    VigilConfig config = VigilConfig.defaults().withDataDir(dir.resolve("pinged")).withHttpPort(0);
    server =
        VigilServer.create(
            config
                .withCollector(config.collector().withPorts(0, 0))
                .withLogs(
                    dev.vigil.logindex.LogIndexOptions.builder()
                        .tailKeepAlive(java.time.Duration.ofMillis(200))
                        .build()));
    server.start();
    Tailing t = tail(q("{app=\"quiet\"}"));
    long until = System.currentTimeMillis() + 5000;
    while (t.client().pings.get() < 3 && System.currentTimeMillis() < until) {
      Thread.sleep(50);
    }
    assertThat(t.client().pings.get()).isGreaterThanOrEqualTo(3);
    assertThat(t.client().closed).isNotDone();
    push("quiet", "finally something");
    String frame = t.client().frames.poll(5, TimeUnit.SECONDS);
    assertThat(frame).contains("finally something");
    t.socket().sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
  }
}
