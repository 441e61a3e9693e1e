package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.SeriesQuerier;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two services, each with its own SDK and exporter (gRPC and HTTP), one trace propagated between
 * them with traceparent: it comes back whole through the Jaeger API, searchable, in the service
 * graph, and as span metrics in the tsdb.
 */
class JaegerApiTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aMultiServiceTraceComesBackWholeAndSearchable() throws Exception {
    VigilConfig config = VigilConfig.defaults().withDataDir(dir).withHttpPort(0);
    VigilServer server =
        VigilServer.create(config.withCollector(config.collector().withPorts(0, 0)));
    server.start();
    try {
      SdkTracerProvider frontend =
          SdkTracerProvider.builder()
              .setResource(
                  Resource.create(
                      Attributes.of(AttributeKey.stringKey("service.name"), "frontend")))
              .addSpanProcessor(
                  SimpleSpanProcessor.create(
                      OtlpGrpcSpanExporter.builder()
                          .setEndpoint("http://127.0.0.1:" + server.otlpGrpcPort())
                          .build()))
              .build();
      SdkTracerProvider backend =
          SdkTracerProvider.builder()
              .setResource(
                  Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "backend")))
              .addSpanProcessor(
                  SimpleSpanProcessor.create(
                      OtlpHttpSpanExporter.builder()
                          .setEndpoint("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces")
                          .build()))
              .build();
      var root =
          frontend.get("fe").spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).startSpan();
      var call =
          frontend
              .get("fe")
              .spanBuilder("POST /pay")
              .setSpanKind(SpanKind.CLIENT)
              .setParent(Context.root().with(root))
              .startSpan();
      Map<String, String> headers = new HashMap<>();
      W3CTraceContextPropagator.getInstance().inject(Context.root().with(call), headers, Map::put);
      Context remote =
          W3CTraceContextPropagator.getInstance()
              .extract(
                  Context.root(),
                  headers,
                  new TextMapGetter<>() {
                    @Override
                    public Iterable<String> keys(Map<String, String> c) {
                      return c.keySet();
                    }

                    @Override
                    public String get(Map<String, String> c, String k) {
                      return c.get(k);
                    }
                  });
      var server2 =
          backend
              .get("be")
              .spanBuilder("POST /pay")
              .setSpanKind(SpanKind.SERVER)
              .setParent(remote)
              .setAttribute("payment.provider", "acme")
              .startSpan();
      Thread.sleep(3);
      server2.setStatus(StatusCode.ERROR, "card declined");
      server2.end();
      call.setStatus(StatusCode.ERROR);
      call.end();
      root.end();
      frontend.forceFlush().join(10, TimeUnit.SECONDS);
      backend.forceFlush().join(10, TimeUnit.SECONDS);
      String traceId = root.getSpanContext().getTraceId();
      frontend.shutdown();
      backend.shutdown();

      assertThat(get(server, "/api/services").get("data").toString())
          .contains("frontend", "backend");
      JsonNode trace = get(server, "/api/traces/" + traceId).get("data").get(0);
      assertThat(trace.get("traceID").asText()).isEqualTo(traceId);
      assertThat(trace.get("spans")).hasSize(3);
      assertThat(trace.get("processes").toString())
          .contains("\"serviceName\":\"frontend\"", "\"serviceName\":\"backend\"");
      JsonNode pay = null;
      for (JsonNode s : trace.get("spans")) {
        if (s.get("operationName").asText().equals("POST /pay")
            && s.get("tags").toString().contains("payment.provider")) {
          pay = s;
        }
      }
      assertThat(pay).isNotNull();
      assertThat(pay.get("references").get(0).get("refType").asText()).isEqualTo("CHILD_OF");
      assertThat(pay.get("references").get(0).get("spanID").asText())
          .isEqualTo(call.getSpanContext().getSpanId());
      assertThat(pay.get("tags").toString()).contains("\"key\":\"error\"", "card declined");

      JsonNode otlp = get(server, "/api/v1/traces/" + traceId);
      assertThat(otlp.get("resourceSpans")).hasSize(2);
      assertThat(otlp.toString())
          .contains("\"traceId\":\"" + traceId + "\"", "\"stringValue\":\"acme\"", "\"kind\":2");

      long nowUs = System.currentTimeMillis() * 1000;
      JsonNode byService =
          get(
              server,
              "/api/traces?service=backend&start="
                  + (nowUs - 600_000_000L)
                  + "&end="
                  + (nowUs + 1_000_000));
      assertThat(byService.get("data")).hasSize(1);
      JsonNode byTag =
          get(
              server,
              "/api/traces?service=backend&tags="
                  + enc("{\"payment.provider\":\"nobody\"}")
                  + "&start="
                  + (nowUs - 600_000_000L)
                  + "&end="
                  + (nowUs + 1_000_000));
      assertThat(byTag.get("data")).isEmpty();
      JsonNode traceQl =
          get(
              server,
              "/api/v1/traces/search?q="
                  + enc("{ resource.service.name = \"backend\" && status = error }"));
      assertThat(traceQl.get("data").get(0).get("traceID").asText()).isEqualTo(traceId);
      HttpResponse<String> bad =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + server.httpPort()
                              + "/api/v1/traces/search?q="
                              + enc("{ duraton > 1s }")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("duration");

      JsonNode deps =
          get(
              server,
              "/api/dependencies?endTs="
                  + (System.currentTimeMillis() + 1000)
                  + "&lookback=600000");
      assertThat(deps.get("data").toString())
          .contains("\"parent\":\"frontend\"", "\"child\":\"backend\"");

      try (SeriesQuerier q = server.tsdb().querier(Tenant.DEFAULT, 0, Long.MAX_VALUE)) {
        assertThat(
                q.labelValues(
                    "service",
                    List.of(LabelMatcher.equal("__name__", "traces_spanmetrics_calls_total"))))
            .contains("frontend", "backend");
      }
    } finally {
      server.close();
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private JsonNode get(VigilServer server, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }
}
