package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.access.AccessPolicy;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's own endpoints: probes, /metrics, and the access rule on the HTTP API. */
class ServerApiTest {
  @TempDir Path dataDir;

  @Test
  void probesAnswerAndMetricsCountWhatArrived() throws Exception {
    try (RunningServer vigil = new RunningServer(dataDir)) {
      assertThat(vigil.get("/-/healthy").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = vigil.get("/-/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("Ready");

      InMemorySpanExporter sent = InMemorySpanExporter.create();
      SdkTracerProvider tracing =
          SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(sent)).build();
      for (int i = 0; i < 3; i++) {
        tracing.get("t").spanBuilder("op").startSpan().end();
      }
      OtlpHttpSpanExporter exporter =
          OtlpHttpSpanExporter.builder().setEndpoint(vigil.otlpHttpEndpoint("traces")).build();
      assertThat(
              exporter.export(sent.getFinishedSpanItems()).join(10, TimeUnit.SECONDS).isSuccess())
          .isTrue();
      exporter.shutdown();
      tracing.shutdown();

      HttpResponse<String> metrics = vigil.get("/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(metrics.body())
          .contains("vigil_otlp_items_total{outcome=\"accepted\",signal=\"traces\"} 3.0")
          .contains(
              "vigil_otlp_requests_total{outcome=\"success\",protocol=\"http\",signal=\"traces\"} 1.0")
          .contains("vigil_ingest_queue_bytes{signal=\"traces\"}")
          .contains("vigil_otlp_request_duration_seconds_bucket")
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void withTokensTheApiRequiresOneButProbesStayOpen() throws Exception {
    VigilConfig config = VigilConfig.defaults().withDataDir(dataDir);
    config =
        config.withCollector(
            config
                .collector()
                .withAccess(
                    new AccessPolicy(
                        AccessPolicy.DEFAULT_TENANT_HEADER,
                        Map.of("api-token-1", new Tenant("ops")))));
    try (RunningServer vigil = new RunningServer(config)) {
      assertThat(vigil.get("/-/ready").statusCode()).isEqualTo(200);
      HttpResponse<String> denied = vigil.get("/metrics");
      assertThat(denied.statusCode()).isEqualTo(401);
      assertThat(denied.body()).contains("\"status\":\"error\"").contains("Authorization");
      assertThat(vigil.get("/metrics", "Authorization", "Bearer wrong").statusCode())
          .isEqualTo(401);
      assertThat(vigil.get("/metrics", "Authorization", "Bearer api-token-1").statusCode())
          .isEqualTo(200);
      // The dashboard's static shell needs no token (it asks for one); its data APIs do.
      assertThat(vigil.get("/").statusCode()).isEqualTo(200);
      assertThat(vigil.get("/assets/no-such-file.js").statusCode()).isEqualTo(404);
      assertThat(vigil.get("/api/v1/labels").statusCode()).isEqualTo(401);
      assertThat(vigil.get("/api/v1/slos").statusCode()).isEqualTo(401);
      for (String sneaky :
          List.of(
              "/index.html/../api/v1/labels",
              "/assets/../api/v1/labels",
              "/assets/%2e%2e/api/v1/labels",
              "/assets/..%2Fapi%2Fv1%2Flabels")) {
        HttpResponse<String> r = vigil.get(sneaky);
        assertThat(r.statusCode()).as(sneaky).isNotEqualTo(200);
        assertThat(r.body()).as(sneaky).doesNotContain("\"status\":\"success\"");
      }
    }
  }

  @Test
  void closingMakesTheServerNotReadyAndReleasesThePorts() throws Exception {
    RunningServer vigil = new RunningServer(dataDir);
    int port = vigil.server.otlpHttpPort();
    vigil.close();
    try (java.net.ServerSocket reuse = new java.net.ServerSocket()) {
      reuse.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      assertThat(reuse.isBound()).isTrue();
    }
  }
}
