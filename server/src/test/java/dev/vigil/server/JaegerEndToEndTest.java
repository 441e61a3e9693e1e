package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.SeriesQuerier;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end case: three services, each its own OpenTelemetry SDK with the real OTLP
 * exporter (gRPC, HTTP/protobuf, HTTP/protobuf gzipped), one trace propagated between them with W3C
 * traceparent, through the collector into the trace store. The trace must come back whole by id
 * through the Jaeger API and as OTLP/JSON with every attribute, event, link and status the SDKs
 * recorded (an in-memory exporter beside each real one keeps what was sent); search, operations,
 * the dependency graph and span metrics are checked against answers computed here from the recorded
 * spans.
 */
class JaegerEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier.get(key);
        }
      };

  @TempDir Path dir;
  private Vigil vigil;
  private final List<SdkTracerProvider> providers = new ArrayList<>();
  private final Map<String, InMemorySpanExporter> recorded = new LinkedHashMap<>();

  @BeforeEach
  void start() throws Exception {
    VigilConfig config = VigilConfig.defaults().withDataDir(dir).withHttpPort(0);
    VigilServer server =
        VigilServer.create(config.withCollector(config.collector().withPorts(0, 0)));
    server.start();
    vigil = new Vigil(server);
  }

  @AfterEach
  void stop() throws Exception {
    for (SdkTracerProvider p : providers) {
      p.shutdown().join(10, TimeUnit.SECONDS);
    }
    vigil.close();
  }

  @Test
  void aTraceAcrossThreeSdksComesBackWholeWithEveryField() throws Exception {
    Tracer frontend =
        service(
            "frontend", OtlpGrpcSpanExporter.builder().setEndpoint(vigil.grpcEndpoint()).build());
    Tracer checkout =
        service(
            "checkout",
            OtlpHttpSpanExporter.builder().setEndpoint(vigil.otlpHttpEndpoint("traces")).build());
    Tracer payment =
        service(
            "payment",
            OtlpHttpSpanExporter.builder()
                .setEndpoint(vigil.otlpHttpEndpoint("traces"))
                .setCompression("gzip")
                .build());

    SpanContext otherTrace =
        SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.builder().put("vendor", "value").build());
    Span root =
        frontend
            .spanBuilder("GET /checkout")
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", "GET")
            .setAttribute("http.response.status_code", 502L)
            .setAttribute("sampling.ratio", 0.25)
            .setAttribute("cache.hit", false)
            .setAttribute(AttributeKey.stringArrayKey("feature.flags"), List.of("new-cart", "beta"))
            .setAttribute(AttributeKey.longArrayKey("retry.delays"), List.of(10L, 20L, 40L))
            .setAttribute(AttributeKey.doubleArrayKey("weights"), List.of(0.5, 1.5))
            .setAttribute(AttributeKey.booleanArrayKey("bits"), List.of(true, false))
            .addLink(otherTrace, Attributes.of(AttributeKey.stringKey("link.kind"), "batch"))
            .startSpan();
    root.addEvent(
        "request.received", Attributes.of(AttributeKey.longKey("http.request.body.size"), 512L));
    Span call =
        frontend
            .spanBuilder("POST /checkout")
            .setSpanKind(SpanKind.CLIENT)
            .setParent(Context.root().with(root))
            .startSpan();

    Span checkoutServer =
        checkout
            .spanBuilder("POST /checkout")
            .setSpanKind(SpanKind.SERVER)
            .setParent(propagate(call))
            .setAttribute("user.id", "user-42")
            .startSpan();
    Span validate =
        checkout
            .spanBuilder("validate cart")
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(Context.root().with(checkoutServer))
            .startSpan();
    validate.setStatus(StatusCode.OK);
    validate.end();
    Span pay =
        checkout
            .spanBuilder("POST /pay")
            .setSpanKind(SpanKind.CLIENT)
            .setParent(Context.root().with(checkoutServer))
            .startSpan();
    Span publish =
        checkout
            .spanBuilder("orders publish")
            .setSpanKind(SpanKind.PRODUCER)
            .setParent(Context.root().with(checkoutServer))
            .setAttribute("messaging.system", "kafka")
            .startSpan();

    Span payServer =
        payment
            .spanBuilder("POST /pay")
            .setSpanKind(SpanKind.SERVER)
            .setParent(propagate(pay))
            .setAttribute("payment.provider", "acme")
            .startSpan();
    Thread.sleep(2);
    payServer.recordException(new IllegalStateException("card declined"));
    payServer.setStatus(StatusCode.ERROR, "card declined");
    payServer.end();
    Span consume =
        payment
            .spanBuilder("orders process")
            .setSpanKind(SpanKind.CONSUMER)
            .setParent(propagate(publish))
            .startSpan();
    consume.end();
    publish.end();
    pay.setStatus(StatusCode.ERROR);
    pay.end();
    checkoutServer.end();
    call.end();
    root.setStatus(StatusCode.ERROR, "upstream failed");
    root.end();
    for (SdkTracerProvider p : providers) {
      assertThat(p.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    }
    String traceId = root.getSpanContext().getTraceId();

    // What the SDKs sent, by span id, with the service that sent it.
    Map<String, SpanData> sent = new LinkedHashMap<>();
    Map<String, String> serviceOf = new HashMap<>();
    recorded.forEach((service, exporter) -> {
      for (SpanData s : exporter.getFinishedSpanItems()) {
        sent.put(s.getSpanId(), s);
        serviceOf.put(s.getSpanId(), service);
      }
    });
    assertThat(sent).hasSize(8);

    // --- Jaeger: the whole trace by id, every field, in the shape Grafana's data source reads.
    JsonNode response = ok("/api/traces/" + traceId);
    assertThat(response.has("errors")).isTrue();
    assertThat(response.get("data").isArray()).isTrue();
    assertThat(response.get("data")).hasSize(1);
    JsonNode trace = response.get("data").get(0);
    assertThat(trace.get("traceID").asText()).isEqualTo(traceId);
    assertThat(trace.has("warnings")).isTrue();
    JsonNode processes = trace.get("processes");
    assertThat(trace.get("spans")).hasSize(sent.size());
    for (JsonNode js : trace.get("spans")) {
      SpanData e = sent.get(js.get("spanID").asText());
      assertThat(e).as("span %s was sent", js.get("spanID")).isNotNull();
      TraceAssertions.assertJaegerSpan(js, e);
      JsonNode process = processes.get(js.get("processID").asText());
      assertThat(process).as("process of " + e.getName()).isNotNull();
      assertThat(process.get("serviceName").asText()).isEqualTo(serviceOf.get(e.getSpanId()));
      Map<String, JsonNode> ptags = TraceAssertions.tagsByKey(process.get("tags"));
      e.getResource()
          .getAttributes()
          .forEach((k, v) -> {
            if (!k.getKey().equals("service.name")) {
              assertThat(ptags.get(k.getKey()).get("value").asText())
                  .as("resource attribute " + k.getKey())
                  .isEqualTo(v.toString());
            }
          });
    }

    // --- OTLP/JSON: exact nanoseconds, typed values, scope, link trace state.
    JsonNode otlp = ok("/api/v1/traces/" + traceId);
    int otlpSpans = 0;
    Set<String> otlpServices = new TreeSet<>();
    for (JsonNode rs : otlp.get("resourceSpans")) {
      Map<String, JsonNode> resource =
          TraceAssertions.otlpAttributes(rs.get("resource").get("attributes"));
      String service = resource.get("service.name").get("stringValue").asText();
      otlpServices.add(service);
      for (JsonNode ss : rs.get("scopeSpans")) {
        assertThat(ss.get("scope").get("name").asText()).isEqualTo("shop." + service);
        assertThat(ss.get("scope").get("version").asText()).isEqualTo("2.0.1");
        for (JsonNode os : ss.get("spans")) {
          otlpSpans++;
          SpanData e = sent.get(os.get("spanId").asText());
          assertThat(serviceOf.get(e.getSpanId())).isEqualTo(service);
          TraceAssertions.assertOtlpSpan(os, e);
        }
      }
    }
    assertThat(otlpSpans).isEqualTo(sent.size());
    assertThat(otlpServices).containsExactly("checkout", "frontend", "payment");

    // --- The store's own metrics count what was sent.
    assertThat(vigil.get("/metrics").body())
        .contains("vigil_trace_spans_appended_total " + sent.size() + ".0")
        .contains("vigil_trace_quarantined_segments 0.0");

    // --- Services and operations, expected from what was sent.
    assertThat(strings(ok("/api/services").get("data")))
        .containsExactlyInAnyOrder("frontend", "checkout", "payment");
    Set<String> checkoutOps = new TreeSet<>();
    Set<String> checkoutServerOps = new TreeSet<>();
    for (SpanData s : sent.values()) {
      if (serviceOf.get(s.getSpanId()).equals("checkout")) {
        checkoutOps.add(s.getName());
        if (s.getKind() == SpanKind.SERVER) {
          checkoutServerOps.add(s.getName());
        }
      }
    }
    assertThat(new TreeSet<>(strings(ok("/api/services/checkout/operations").get("data"))))
        .isEqualTo(checkoutOps);
    JsonNode serverOps = ok("/api/operations?service=checkout&spanKind=server").get("data");
    Set<String> names = new TreeSet<>();
    for (JsonNode o : serverOps) {
      assertThat(o.get("spanKind").asText()).isEqualTo("server");
      names.add(o.get("name").asText());
    }
    assertThat(names).isEqualTo(checkoutServerOps);

    // --- Search: the Jaeger parameters and TraceQL find it; filters that exclude it do.
    long nowUs = System.currentTimeMillis() * 1000;
    String window = "&start=" + (nowUs - 600_000_000L) + "&end=" + (nowUs + 1_000_000);
    assertThat(
            traceIds(
                ok("/api/traces?service=payment&tags=" + enc("{\"error\":\"true\"}") + window)))
        .containsExactly(traceId);
    assertThat(
            traceIds(
                ok(
                    "/api/traces?service=checkout&operation="
                        + enc("orders publish")
                        + "&tag=messaging.system:kafka"
                        + window)))
        .containsExactly(traceId);
    assertThat(traceIds(ok("/api/traces?service=payment&minDuration=1h" + window))).isEmpty();
    assertThat(traceIds(ok("/api/traces?traceID=" + traceId))).containsExactly(traceId);
    JsonNode traceQl =
        ok(
            "/api/v1/traces/search?q="
                + enc(
                    "{ resource.service.name = \"payment\" && status = error"
                        + " && event.exception.message = \"card declined\" }"));
    assertThat(traceQl.get("data")).hasSize(1);
    assertThat(traceQl.get("data").get(0).get("traceID").asText()).isEqualTo(traceId);
    assertThat(traceQl.get("data").get(0).get("spanCount").asInt()).isEqualTo(sent.size());
    assertThat(traceQl.get("data").get(0).get("rootServiceName").asText()).isEqualTo("frontend");
    assertThat(
            ok("/api/v1/traces/search?q="
                    + enc("{ resource.service.name = \"payment\" && kind = client }"))
                .get("data"))
        .isEmpty();

    // --- Dependencies: server-with-client-parent and consumer-with-producer-parent across
    // services, computed here from the recorded spans.
    Map<String, long[]> expectedEdges = new TreeMap<>();
    for (SpanData child : sent.values()) {
      SpanData parent = sent.get(child.getParentSpanId());
      if (parent == null) {
        continue;
      }
      boolean rpc = child.getKind() == SpanKind.SERVER && parent.getKind() == SpanKind.CLIENT;
      boolean messaging =
          child.getKind() == SpanKind.CONSUMER && parent.getKind() == SpanKind.PRODUCER;
      String from = serviceOf.get(parent.getSpanId());
      String to = serviceOf.get(child.getSpanId());
      if ((rpc || messaging) && !from.equals(to)) {
        long[] counts = expectedEdges.computeIfAbsent(from + "->" + to, k -> new long[2]);
        counts[0]++;
        if (child.getStatus().getStatusCode() == StatusCode.ERROR
            || parent.getStatus().getStatusCode() == StatusCode.ERROR) {
          counts[1]++;
        }
      }
    }
    assertThat(expectedEdges).containsOnlyKeys("frontend->checkout", "checkout->payment");
    JsonNode deps =
        ok("/api/dependencies?endTs=" + (System.currentTimeMillis() + 1000) + "&lookback=600000");
    Map<String, long[]> edges = new TreeMap<>();
    for (JsonNode d : deps.get("data")) {
      assertThat(d.has("parent") && d.has("child") && d.has("callCount")).isTrue();
      edges.put(
          d.get("parent").asText() + "->" + d.get("child").asText(),
          new long[] {d.get("callCount").asLong(), d.get("errorCount").asLong()});
    }
    assertThat(edges.keySet()).isEqualTo(expectedEdges.keySet());
    expectedEdges.forEach((k, v) -> assertThat(edges.get(k)).as(k).containsExactly(v));

    // --- Span metrics in the tsdb, by service and status.
    try (SeriesQuerier q = vigil.server.tsdb().querier(Tenant.DEFAULT, 0, Long.MAX_VALUE)) {
      assertThat(
              q.labelValues(
                  "service",
                  List.of(LabelMatcher.equal("__name__", "traces_spanmetrics_calls_total"))))
          .contains("frontend", "checkout", "payment");
      assertThat(
              q.labelValues(
                  "span_name",
                  List.of(
                      LabelMatcher.equal("__name__", "traces_spanmetrics_calls_total"),
                      LabelMatcher.equal("service", "payment"),
                      LabelMatcher.equal("status_code", "STATUS_CODE_ERROR"))))
          .containsExactly("POST /pay");
    }

    // --- Exemplars on the span metrics lead back to the spans: each span arrived alone (simple
    // processors), so each of payment's calls counters holds exactly its one span as an exemplar.
    Map<String, List<String>> expectedExemplars = new TreeMap<>();
    sent.forEach((spanId, span) -> {
      if (serviceOf.get(spanId).equals("payment")) {
        expectedExemplars
            .computeIfAbsent(span.getName(), k -> new ArrayList<>())
            .add(traceId + "/" + spanId);
      }
    });
    assertThat(expectedExemplars).containsOnlyKeys("POST /pay", "orders process");
    long nowS = System.currentTimeMillis() / 1000;
    JsonNode exemplars =
        data(
            "/api/v1/query_exemplars?query="
                + enc("sum(rate(traces_spanmetrics_calls_total{service=\"payment\"}[5m]))")
                + "&start="
                + (nowS - 600)
                + "&end="
                + (nowS + 60));
    Map<String, List<String>> gotExemplars = new TreeMap<>();
    for (JsonNode series : exemplars) {
      for (JsonNode e : series.get("exemplars")) {
        assertThat(e.get("value").asText()).isEqualTo("1");
        gotExemplars
            .computeIfAbsent(
                series.get("seriesLabels").get("span_name").asText(), k -> new ArrayList<>())
            .add(
                e.get("labels").get("trace_id").asText()
                    + "/"
                    + e.get("labels").get("span_id").asText());
      }
    }
    assertThat(gotExemplars).isEqualTo(expectedExemplars);
    // The latency buckets hold the same spans, with their durations as values.
    JsonNode payLatency =
        data(
            "/api/v1/query_exemplars?query="
                + enc(
                    "traces_spanmetrics_latency_bucket{service=\"payment\",span_name=\"POST /pay\"}")
                + "&start="
                + (nowS - 600)
                + "&end="
                + (nowS + 60));
    assertThat(payLatency).hasSize(1);
    JsonNode payExemplar = payLatency.get(0).get("exemplars").get(0);
    SpanData payData = sent.get(payExemplar.get("labels").get("span_id").asText());
    assertThat(payData.getName()).isEqualTo("POST /pay");
    assertThat(Double.parseDouble(payExemplar.get("value").asText()))
        .isEqualTo((payData.getEndEpochNanos() - payData.getStartEpochNanos()) / 1e9);
  }

  @Test
  void noQueryCrossesTenants() throws Exception {
    Tracer teamA =
        service(
            "shop-a",
            OtlpHttpSpanExporter.builder()
                .setEndpoint(vigil.otlpHttpEndpoint("traces"))
                .addHeader("X-Scope-OrgID", "team-a")
                .build());
    Span s = teamA.spanBuilder("GET /a").setSpanKind(SpanKind.SERVER).startSpan();
    Span c =
        teamA
            .spanBuilder("GET /b")
            .setSpanKind(SpanKind.CLIENT)
            .setParent(Context.root().with(s))
            .startSpan();
    c.end();
    s.setStatus(StatusCode.ERROR);
    s.end();
    providers.get(0).forceFlush().join(10, TimeUnit.SECONDS);
    String id = s.getSpanContext().getTraceId();
    long nowUs = System.currentTimeMillis() * 1000;
    String window = "&start=" + (nowUs - 600_000_000L) + "&end=" + (nowUs + 1_000_000);

    assertThat(vigil.get("/api/traces/" + id, "X-Scope-OrgID", "team-a").statusCode())
        .isEqualTo(200);
    for (String other : new String[] {"team-b", "default"}) {
      String[] h = {"X-Scope-OrgID", other};
      assertThat(vigil.get("/api/traces/" + id, h).statusCode()).isEqualTo(404);
      assertThat(vigil.get("/api/v1/traces/" + id, h).statusCode()).isEqualTo(404);
      assertThat(data("/api/services", h)).isEmpty();
      assertThat(data("/api/services/shop-a/operations", h)).isEmpty();
      assertThat(data("/api/operations?service=shop-a", h)).isEmpty();
      assertThat(data("/api/traces?service=shop-a" + window, h)).isEmpty();
      assertThat(data("/api/traces?traceID=" + id, h)).isEmpty();
      assertThat(data("/api/v1/traces/search?q=" + enc("{ status = error }"), h)).isEmpty();
      assertThat(data("/api/dependencies?lookback=600000", h)).isEmpty();
      assertThat(data("/api/v1/query_exemplars?query=traces_spanmetrics_calls_total", h)).isEmpty();
    }
    assertThat(
            data(
                "/api/v1/query_exemplars?query=traces_spanmetrics_calls_total",
                "X-Scope-OrgID",
                "team-a"))
        .isNotEmpty();
    String[] a = {"X-Scope-OrgID", "team-a"};
    assertThat(strings(data("/api/services", a))).containsExactly("shop-a");
    assertThat(traceIds(JSON.readTree(vigil.get("/api/traces?service=shop-a" + window, a).body())))
        .containsExactly(id);
    assertThat(data("/api/v1/traces/search?q=" + enc("{ status = error }"), a)).hasSize(1);
  }

  // ---------------------------------------------------------------------------------------------

  private Tracer service(String name, SpanExporter exporter) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    recorded.put(name, memory);
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(
                                AttributeKey.stringKey("service.name"),
                                name,
                                AttributeKey.stringKey("deployment.environment"),
                                "e2e",
                                AttributeKey.longKey("service.instance.number"),
                                3L))))
            .addSpanProcessor(SimpleSpanProcessor.create(memory))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    providers.add(provider);
    return provider.get("shop." + name, "2.0.1");
  }

  /** Carries a span's context to "another process" through a W3C traceparent header map. */
  private static Context propagate(Span caller) {
    Map<String, String> headers = new HashMap<>();
    W3CTraceContextPropagator.getInstance().inject(Context.root().with(caller), headers, Map::put);
    assertThat(headers).containsKey("traceparent");
    return W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, GETTER);
  }

  private static List<String> traceIds(JsonNode response) {
    List<String> out = new ArrayList<>();
    for (JsonNode t : response.get("data")) {
      out.add(t.get("traceID").asText());
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private JsonNode data(String path, String... headers) throws Exception {
    HttpResponse<String> r = vigil.get(path, headers);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("data");
  }

  private JsonNode ok(String path) throws Exception {
    HttpResponse<String> r = vigil.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The real server with its real stores (RunningServer replaces the stores with memory sinks). */
  private record Vigil(VigilServer server) implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    String grpcEndpoint() {
      return "http://127.0.0.1:" + server.otlpGrpcPort();
    }

    String otlpHttpEndpoint(String signal) {
      return "http://127.0.0.1:" + server.otlpHttpPort() + "/v1/" + signal;
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
              .timeout(Duration.ofSeconds(20));
      for (int i = 0; i < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }
}
