package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Batch;
import dev.vigil.model.sink.InMemorySink;
import dev.vigil.model.sink.SinkException;
import dev.vigil.model.sink.TelemetrySink;
import dev.vigil.model.trace.Span;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping drains what was accepted into the stores, answers the waiting senders, and exits 0. */
class GracefulShutdownTest {
  @TempDir Path dataDir;

  @Test
  void closeWaitsForQueuedBatchesAndAnswersTheirSenders() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    List<Batch<Span>> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
    TelemetrySink<Span> slow =
        batch -> {
          entered.countDown();
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            throw new SinkException("interrupted", true);
          }
          stored.add(batch);
        };
    VigilConfig config = VigilConfig.defaults().withDataDir(dataDir).withHttpPort(0);
    config = config.withCollector(config.collector().withPorts(0, 0));
    VigilServer server =
        VigilServer.create(config, new InMemorySink<>(), new InMemorySink<>(), slow);
    server.start();

    InMemorySpanExporter sent = InMemorySpanExporter.create();
    SdkTracerProvider tracing =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(sent)).build();
    tracing.get("t").spanBuilder("in flight").startSpan().end();
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces")
            .build();
    CompletableResultCode result = exporter.export(sent.getFinishedSpanItems());
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    server.close();

    assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).resources().get(0).scopes().get(0).items().get(0).name())
        .isEqualTo("in flight");
    exporter.shutdown();
    tracing.shutdown();
  }

  @Test
  void sigtermStopsTheProcessCleanlyWithExitCodeZero() throws Exception {
    java.nio.file.Path rules = java.nio.file.Files.createDirectories(dataDir.resolve("rules"));
    ChildProcess served = ChildProcess.serve(dataDir, "--rules-dir", rules.toString());
    Process process = served.process();
    List<String> output = served.output();
    try {
      served.await(Pattern.compile("Vigil is ready .* on http://127\\.0\\.0\\.1:\\d+"), 60);
      // SIGHUP reloads the rules, as with Prometheus.
      java.nio.file.Files.writeString(
          rules.resolve("a.yml"),
          "groups:\n  - name: g\n    rules:\n      - record: x:y\n        expr: vector(1)\n");
      new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor();
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline
          && output.stream().noneMatch(l -> l.contains("rules loaded") && l.contains("1 files"))) {
        Thread.sleep(100);
      }
      assertThat(output).as(String.join("\n", output)).anyMatch(l -> l.contains("received SIGHUP"));
      assertThat(output).anyMatch(l -> l.contains("rules loaded") && l.contains("1 files"));
      // SIGTERM through the handle: Process.destroy() would also close our end of its output.
      process.toHandle().destroy();
      assertThat(served.awaitExit(30)).isTrue();
      assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
      assertThat(output)
          .as(String.join("\n", output))
          .anyMatch(l -> l.contains("received SIGTERM"));
      assertThat(output).anyMatch(l -> l.contains("every accepted batch reached its store"));
    } finally {
      process.destroyForcibly();
    }
  }
}
