package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesQuerier;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTLP metrics from the real SDK land in the embedded tsdb as Prometheus series, and an
 * acknowledged export survives kill -9 of the server process.
 */
class MetricsDurabilityTest {
  @TempDir Path dataDir;

  static Collection<MetricData> sample(long requests) {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider meters =
        SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .setResource(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"),
                        "checkout",
                        AttributeKey.stringKey("service.instance.id"),
                        "i-1",
                        AttributeKey.stringKey("cloud.region"),
                        "eu-1")))
            .build();
    var meter = meters.get("test");
    meter
        .counterBuilder("http.server.requests")
        .setUnit("{request}")
        .build()
        .add(requests, Attributes.of(AttributeKey.stringKey("http.route"), "/pay"));
    var h = meter.histogramBuilder("http.server.request.duration").setUnit("s").build();
    h.record(0.2);
    h.record(3);
    Collection<MetricData> data = reader.collectAllMetrics();
    meters.shutdown();
    return data;
  }

  static Map<String, List<Double>> dump(VigilServer server) {
    Map<String, List<Double>> out = new TreeMap<>();
    try (SeriesQuerier q = server.tsdb().querier(Tenant.DEFAULT, Long.MIN_VALUE, Long.MAX_VALUE)) {
      for (Series s :
          q.select(List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", ".+")))) {
        List<Double> values = new ArrayList<>();
        SampleIterator it = s.samples();
        while (it.next()) {
          values.add(it.value());
        }
        out.put(s.labels().toString(), values);
      }
    }
    return out;
  }

  @Test
  void sdkMetricsBecomePrometheusSeriesInTheTsdb() throws Exception {
    VigilConfig config = VigilConfig.defaults().withDataDir(dataDir).withHttpPort(0);
    config = config.withCollector(config.collector().withPorts(0, 0));
    VigilServer server = VigilServer.create(config);
    server.start();
    try {
      OtlpHttpMetricExporter exporter =
          OtlpHttpMetricExporter.builder()
              .setEndpoint("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/metrics")
              .build();
      assertThat(exporter.export(sample(5)).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      exporter.shutdown();
      Map<String, List<Double>> series = dump(server);
      assertThat(series)
          .containsEntry(
              "http_server_requests_total{http_route=\"/pay\", instance=\"i-1\", job=\"checkout\"}",
              List.of(5.0));
      assertThat(series)
          .containsEntry(
              "http_server_request_duration_seconds_count{instance=\"i-1\", job=\"checkout\"}",
              List.of(2.0));
      assertThat(series)
          .containsEntry(
              "http_server_request_duration_seconds_bucket{instance=\"i-1\", job=\"checkout\", le=\"+Inf\"}",
              List.of(2.0));
      assertThat(series)
          .containsKey("target_info{cloud_region=\"eu-1\", instance=\"i-1\", job=\"checkout\"}");
    } finally {
      server.close();
    }
  }

  @Test
  void anAcknowledgedExportSurvivesKillMinus9() throws Exception {
    ChildProcess served = ChildProcess.serve(dataDir);
    Process process = served.process();
    try {
      int port = port(served, "OTLP/HTTP on http://127\\.0\\.0\\.1:(\\d+)");
      OtlpHttpMetricExporter exporter =
          OtlpHttpMetricExporter.builder()
              .setEndpoint("http://127.0.0.1:" + port + "/v1/metrics")
              .build();
      assertThat(exporter.export(sample(42)).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      exporter.shutdown();
    } finally {
      kill(process);
    }
    assertThat(dumpAfterRestart())
        .containsEntry(
            "http_server_requests_total{http_route=\"/pay\", instance=\"i-1\", job=\"checkout\"}",
            List.of(42.0));
  }

  /**
   * Remote write is answered on the connection itself (not through the controller): a 204 must
   * still mean the samples are in the WAL, so every acknowledged one is back after kill -9.
   */
  @Test
  void anAcknowledgedRemoteWriteSurvivesKillMinus9() throws Exception {
    ChildProcess served = ChildProcess.serve(dataDir);
    Process process = served.process();
    List<Double> acknowledged = new ArrayList<>();
    try {
      int port = port(served, "HTTP API and UI on http://127\\.0\\.0\\.1:(\\d+)");
      java.net.http.HttpClient http =
          java.net.http.HttpClient.newBuilder()
              .version(java.net.http.HttpClient.Version.HTTP_1_1)
              .build();
      for (int i = 0; i < 20; i++) {
        byte[] body =
            RemoteWriteTest.writeRequest(
                new String[] {"__name__", "rw_durable", "instance", "a:9100"},
                new long[] {1_700_000_000_000L + i * 15_000L},
                new double[] {i});
        java.net.http.HttpResponse<String> r =
            http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/write"))
                    .header("Content-Encoding", "snappy")
                    .header("Content-Type", "application/x-protobuf")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        acknowledged.add((double) i);
      }
    } finally {
      kill(process);
    }
    assertThat(dumpAfterRestart()).containsEntry("rw_durable{instance=\"a:9100\"}", acknowledged);
  }

  private static int port(ChildProcess served, String line) throws InterruptedException {
    return Integer.parseInt(served.await(Pattern.compile(line), 60).group(1));
  }

  /** SIGKILL: no shutdown hook, no close. */
  private static void kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(137);
  }

  /** Every series of the data directory, read by a server started on it in this JVM. */
  private Map<String, List<Double>> dumpAfterRestart() throws Exception {
    VigilConfig config = VigilConfig.defaults().withDataDir(dataDir).withHttpPort(0);
    config = config.withCollector(config.collector().withPorts(0, 0));
    VigilServer restarted = VigilServer.create(config);
    restarted.start();
    try {
      return dump(restarted);
    } finally {
      restarted.close();
    }
  }
}
