package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
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

/** Logs from the real SDK are searchable through the Loki-compatible API within a second. */
class LokiApiTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void logsAreSearchableByStreamLineFilterMetricAndTrace() throws Exception {
    VigilConfig config = VigilConfig.defaults().withDataDir(dir).withHttpPort(0);
    VigilServer server =
        VigilServer.create(config.withCollector(config.collector().withPorts(0, 0)));
    server.start();
    try {
      SdkLoggerProvider logging =
          SdkLoggerProvider.builder()
              .setResource(
                  Resource.create(
                      Attributes.of(AttributeKey.stringKey("service.name"), "checkout")))
              .addLogRecordProcessor(
                  SimpleLogRecordProcessor.create(
                      OtlpHttpLogRecordExporter.builder()
                          .setEndpoint("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/logs")
                          .build()))
              .build();
      String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
      SpanContext ctx =
          SpanContext.create(
              traceId, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());
      var logger = logging.get("app");
      logger
          .logRecordBuilder()
          .setSeverity(Severity.ERROR)
          .setSeverityText("ERROR")
          .setBody("payment provider timeout after 2000 ms")
          .setAttribute(AttributeKey.longKey("http.status_code"), 503L)
          .setAttribute(AttributeKey.stringKey("peer"), "payments.internal:8443")
          .setContext(Context.root().with(Span.wrap(ctx)))
          .emit();
      logger
          .logRecordBuilder()
          .setSeverity(Severity.INFO)
          .setSeverityText("INFO")
          .setBody("order placed o-17")
          .emit();
      logging.forceFlush().join(10, TimeUnit.SECONDS);
      logging.shutdown();

      JsonNode lines = null;
      long deadline = System.currentTimeMillis() + 5000;
      while (System.currentTimeMillis() < deadline) {
        lines =
            get(
                server,
                "/loki/api/v1/query_range?query="
                    + enc("{service_name=\"checkout\"} |= \"timeout\""),
                200);
        if (lines.get("data").get("result").size() > 0) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(lines.get("data").get("resultType").asText()).isEqualTo("streams");
      JsonNode stream = lines.get("data").get("result").get(0);
      assertThat(stream.get("stream").get("service_name").asText()).isEqualTo("checkout");
      assertThat(stream.get("values")).hasSize(1);
      assertThat(stream.get("values").get(0).get(1).asText())
          .isEqualTo("payment provider timeout after 2000 ms");

      JsonNode all =
          get(server, "/loki/api/v1/query_range?query=" + enc("{service_name=\"checkout\"}"), 200);
      int total = 0;
      for (JsonNode s : all.get("data").get("result")) {
        total += s.get("values").size();
      }
      assertThat(total).isEqualTo(2);

      JsonNode metric =
          get(
              server,
              "/loki/api/v1/query?query="
                  + enc("sum by (service_name) (count_over_time({service_name=\"checkout\"}[5m]))"),
              200);
      assertThat(metric.get("data").get("resultType").asText()).isEqualTo("vector");
      assertThat(metric.get("data").get("result").get(0).get("value").get(1).asText())
          .isEqualTo("2");

      JsonNode byTrace = get(server, "/loki/api/v1/trace/" + traceId, 200);
      assertThat(byTrace.toString())
          .contains("payment provider timeout")
          .doesNotContain("order placed");
      // Every documented field of an SDK-exported record, through the plain search.
      for (String q :
          List.of(
              "trace_id:" + traceId,
              "span_id:00f067aa0ba902b7",
              "severity_text:ERROR",
              "detected_level:error",
              "severity_number:[17 TO 20]",
              "attributes.http.status_code:[500 TO 599]",
              "attributes.peer:\"payments.internal:8443\"",
              "body:timeout AND body:2000")) {
        JsonNode found = get(server, "/api/v1/logs/search?q=" + enc(q), 200);
        assertThat(found.toString()).as(q).contains("payment provider timeout");
        assertThat(found.toString()).as(q).doesNotContain("order placed");
      }
      for (String shared : List.of("resource.service.name:checkout", "scope.name:app")) {
        assertThat(get(server, "/api/v1/logs/search?q=" + enc(shared), 200).toString())
            .as(shared)
            .contains("payment provider timeout")
            .contains("order placed");
      }
      assertThat(get(server, "/loki/api/v1/labels", 200).get("data").toString())
          .contains("service_name");
      assertThat(get(server, "/loki/api/v1/label/service_name/values", 200).get("data").toString())
          .contains("checkout");

      // Loki's own push API feeds the same index.
      long ns = System.currentTimeMillis() * 1_000_000L;
      HttpResponse<String> pushed =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.httpPort() + "/loki/api/v1/push"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"streams\":[{\"stream\":{\"service_name\":\"promtail-app\"},\"values\":[[\""
                              + ns
                              + "\",\"pushed by promtail\"]]}]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(204);
      JsonNode pushedLines = null;
      long until = System.currentTimeMillis() + 5000;
      while (System.currentTimeMillis() < until) {
        pushedLines =
            get(
                server,
                "/loki/api/v1/query_range?query=" + enc("{service_name=\"promtail-app\"}"),
                200);
        if (pushedLines.get("data").get("result").size() > 0) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(pushedLines.toString()).contains("pushed by promtail");

      JsonNode bad =
          get(
              server,
              "/loki/api/v1/query_range?query=" + enc("{service_name=\"checkout\"} |= "),
              400);
      assertThat(bad.get("status").asText()).isEqualTo("error");
      assertThat(bad.get("error").asText()).isNotBlank();
    } finally {
      server.close();
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private JsonNode get(VigilServer server, String path, int status) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
    return json.readTree(r.body());
  }
}
