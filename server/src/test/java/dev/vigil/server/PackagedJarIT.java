package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server, started as {@code ./vigil} starts it ({@code java -jar
 * target/vigil-server.jar} with {@code target/lib}), takes OTLP from the SDK and answers queries:
 * this catches what the test classpath hides, such as a dependency missing at runtime.
 */
class PackagedJarIT {
  @TempDir Path dir;

  @Test
  void thePackagedServerTakesOtlpAndAnswersQueries() throws Exception {
    Path jar = Path.of("target/vigil-server.jar").toAbsolutePath();
    assertThat(jar).exists();
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--add-modules",
                "jdk.incubator.vector",
                "-jar",
                jar.toString(),
                "demo",
                "--rate",
                "50",
                "--data-dir",
                dir.resolve("data").toString(),
                "--rules-dir",
                dir.resolve("rules").toString(),
                "--http-port",
                "0",
                "--otlp-grpc-port",
                "0",
                "--otlp-http-port",
                "0"));
    Files.createDirectories(dir.resolve("rules"));
    ChildProcess served = ChildProcess.start(command);
    Process p = served.process();
    List<String> output = served.output();
    int[] ports = new int[3];
    try {
      MatchResult ready =
          served.await(
              Pattern.compile(
                  "on http://127\\.0\\.0\\.1:(\\d+), OTLP/gRPC on 127\\.0\\.0\\.1:(\\d+), OTLP/HTTP on http://127\\.0\\.0\\.1:(\\d+)"),
              90);
      for (int i = 0; i < 3; i++) {
        ports[i] = Integer.parseInt(ready.group(i + 1));
      }
      InMemorySpanExporter spans = InMemorySpanExporter.create();
      SdkTracerProvider tracing =
          SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
      tracing.get("it").spanBuilder("packaged").startSpan().end();
      OtlpGrpcSpanExporter grpc =
          OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + ports[1]).build();
      assertThat(grpc.export(spans.getFinishedSpanItems()).join(30, TimeUnit.SECONDS).isSuccess())
          .as(String.join("\n", output))
          .isTrue();
      InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
      SdkLoggerProvider logging =
          SdkLoggerProvider.builder()
              .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
              .build();
      logging.get("it").logRecordBuilder().setBody("packaged").emit();
      OtlpHttpLogRecordExporter http =
          OtlpHttpLogRecordExporter.builder()
              .setEndpoint("http://127.0.0.1:" + ports[2] + "/v1/logs")
              .build();
      assertThat(
              http.export(logs.getFinishedLogRecordItems()).join(30, TimeUnit.SECONDS).isSuccess())
          .as(String.join("\n", output))
          .isTrue();
      grpc.shutdown();
      http.shutdown();
      tracing.shutdown();
      logging.shutdown();

      // The demo's own services export through the same path; their metrics become queryable.
      HttpClient client = HttpClient.newHttpClient();
      String body = "";
      long deadline = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < deadline) {
        body =
            client
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:"
                                    + ports[0]
                                    + "/api/v1/query?query=count(http_server_request_duration_seconds_count)"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        if (body.contains("\"result\":[{")) {
          break;
        }
        Thread.sleep(1000);
      }
      assertThat(body).as(String.join("\n", output)).contains("\"result\":[{");
      assertThat(output)
          .noneMatch(
              l -> l.contains("NoClassDefFoundError") || l.contains("ClassNotFoundException"));
    } finally {
      p.toHandle().destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    assertThat(p.exitValue()).as(String.join("\n", output)).isZero();
  }
}
