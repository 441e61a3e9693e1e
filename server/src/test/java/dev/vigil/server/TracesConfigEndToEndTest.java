package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code traces:} section of vigil.yml reaches the running trace store: with {@code
 * flush-after: 100ms} a span is in a segment within the store's maintenance round (seconds), where
 * the default of one minute would keep it buffered; the retention keys arrive as written.
 */
class TracesConfigEndToEndTest {
  @TempDir Path dir;

  @Test
  void theTracesSectionConfiguresTheRunningStore() throws Exception {
    Path file = dir.resolve("vigil.yml");
    Files.writeString(
        file, "traces:\n  flush-after: 100ms\n  retention: 2d\n  retention-size: 1GiB\n");
    VigilConfig config = VigilConfigs.load(file, dir.resolve("data"), 0, 0, 0);
    try (VigilServer s = VigilServer.create(config)) {
      s.start();
      assertThat(s.traceStore().options().retention()).isEqualTo(Duration.ofDays(2));
      assertThat(s.traceStore().options().maxBytesPerTenant()).isEqualTo(1L << 30);
      SdkTracerProvider tracing =
          SdkTracerProvider.builder()
              .addSpanProcessor(
                  SimpleSpanProcessor.create(
                      OtlpHttpSpanExporter.builder()
                          .setEndpoint("http://127.0.0.1:" + s.otlpHttpPort() + "/v1/traces")
                          .build()))
              .build();
      Span span = tracing.get("test").spanBuilder("GET /").startSpan();
      span.end();
      assertThat(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      long until = System.currentTimeMillis() + 30_000;
      while (s.traceStore().stats(Tenant.DEFAULT).segments() == 0
          && System.currentTimeMillis() < until) {
        Thread.sleep(100);
      }
      assertThat(s.traceStore().stats(Tenant.DEFAULT).segments()).isEqualTo(1);
      tracing.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
