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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed parameters on every trace endpoint: each is a 400 whose message names what
 * to fix (the parameter, the accepted form, or the TraceQL column), never a 500, never a silently
 * ignored filter.
 */
class JaegerApiInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path dir;
  private static VigilServer server;

  @BeforeAll
  static void start() throws Exception {
    VigilConfig config = VigilConfig.defaults().withDataDir(dir).withHttpPort(0);
    server = VigilServer.create(config.withCollector(config.collector().withPorts(0, 0)));
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        // trace by id, Jaeger and OTLP/JSON
        Arguments.of("/api/traces/not-hex", "invalid trace id 'not-hex': expected 1 to 32 hex"),
        Arguments.of("/api/traces/" + "a".repeat(33), "expected 1 to 32 hex digits"),
        Arguments.of("/api/traces/" + "0".repeat(32), "all zeros"),
        Arguments.of("/api/traces/4bf92f35-77b34da6", "invalid trace id '4bf92f35-77b34da6'"),
        Arguments.of("/api/traces/4bf92f35%2577b3", "invalid trace id"),
        Arguments.of("/api/v1/traces/xyz", "invalid trace id 'xyz'"),
        Arguments.of("/api/v1/traces/" + "0".repeat(32), "all zeros"),
        // Jaeger search
        Arguments.of("/api/traces?traceID=zz", "invalid trace id 'zz'"),
        Arguments.of(
            "/api/traces?service=a&minDuration=abc", "parameter 'minDuration' must be a duration"),
        Arguments.of(
            "/api/traces?service=a&maxDuration=-1s", "parameter 'maxDuration' must be a duration"),
        Arguments.of("/api/traces?service=a&minDuration=2", "such as 250ms"),
        Arguments.of(
            "/api/traces?service=a&minDuration=1s&maxDuration=1ms", "smaller than 'minDuration'"),
        Arguments.of(
            "/api/traces?service=a&start=yesterday", "parameter 'start' must be an integer"),
        Arguments.of("/api/traces?service=a&end=1.5", "parameter 'end' must be an integer"),
        Arguments.of("/api/traces?service=a&start=-5", "parameter 'start' must be at least 0"),
        Arguments.of("/api/traces?service=a&start=2000&end=1000", "is before 'start'"),
        Arguments.of("/api/traces?service=a&limit=ten", "parameter 'limit' must be an integer"),
        Arguments.of("/api/traces?service=a&limit=-1", "parameter 'limit' must be at least 0"),
        Arguments.of(
            "/api/traces?service=a&tags=" + enc("{not json"),
            "parameter 'tags' must be a JSON object"),
        Arguments.of(
            "/api/traces?service=a&tags=" + enc("[1,2]"), "parameter 'tags' must be a JSON object"),
        Arguments.of("/api/traces?service=a&tag=novalue", "parameter 'tag' must be key:value"),
        Arguments.of(
            "/api/traces?service=a&start=99999999999999999999",
            "parameter 'start' must be an integer"),
        // operations
        Arguments.of("/api/operations", "parameter 'service' is required"),
        Arguments.of(
            "/api/operations?service=a&spanKind=sideways", "parameter 'spanKind' must be one of"),
        // TraceQL
        Arguments.of("/api/v1/traces/search", "parameter 'q' is required"),
        Arguments.of(
            "/api/v1/traces/search?q=" + enc("{ duraton > 1s }"),
            "column 3: unknown field 'duraton'"),
        Arguments.of(
            "/api/v1/traces/search?q=" + enc("{ duration > 2 }"),
            "column 14: duration compares with a duration"),
        Arguments.of(
            "/api/v1/traces/search?q=" + enc("{ name = GET }"),
            "column 10: expected a value, found the bare word 'GET'; quote strings"),
        Arguments.of("/api/v1/traces/search?q=" + enc("{ status = error"), "column"),
        Arguments.of("/api/v1/traces/search?q=" + enc("{ .a =~ \"(\" }"), "column"),
        Arguments.of(
            "/api/v1/traces/search?q=" + enc("{}") + "&start=x",
            "parameter 'start' must be an integer"),
        Arguments.of(
            "/api/v1/traces/search?q=" + enc("{}") + "&start=20&end=10", "is before 'start'"),
        Arguments.of(
            "/api/v1/traces/search?q=" + enc("{}") + "&limit=-3",
            "parameter 'limit' must be at least 0"),
        // dependencies
        Arguments.of("/api/dependencies?endTs=tomorrow", "parameter 'endTs' must be an integer"),
        Arguments.of("/api/dependencies?lookback=-5", "parameter 'lookback' must be at least 1"),
        Arguments.of("/api/dependencies?lookback=0", "parameter 'lookback' must be at least 1"),
        Arguments.of(
            "/api/dependencies?endTs=9223372036854775807", "parameter 'endTs' is too large"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void isABadRequestWithAMessage(String path, String message) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode body = JSON.readTree(r.body());
    String msg =
        body.has("errors")
            ? body.get("errors").get(0).get("msg").asText()
            : body.get("error").asText();
    assertThat(body.has("errors") ? body.get("errors").get(0).get("code").asInt() : 400)
        .isEqualTo(400);
    assertThat(msg).contains(message);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
