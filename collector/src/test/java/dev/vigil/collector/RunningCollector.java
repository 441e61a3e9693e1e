package dev.vigil.collector;

import dev.vigil.model.log.LogRecord;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.sink.InMemorySink;
import dev.vigil.model.sink.TelemetrySink;
import dev.vigil.model.trace.Span;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real collector on free loopback ports with in-memory (or given) sinks, for tests. */
final class RunningCollector implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final InMemorySink<Metric> metrics = new InMemorySink<>();
  final InMemorySink<LogRecord> logs = new InMemorySink<>();
  final InMemorySink<Span> spans;
  final FanOut fanOut;
  final Collector collector;
  final CollectorMetrics collectorMetrics = CollectorMetrics.unregistered();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  RunningCollector(CollectorConfig config) throws Exception {
    this(config, null);
  }

  /** With {@code spanSink} standing in for the trace store when not null. */
  RunningCollector(CollectorConfig config, TelemetrySink<Span> spanSink) throws Exception {
    spans = new InMemorySink<>();
    fanOut =
        new FanOut(
            metrics,
            logs,
            spanSink != null ? spanSink : spans,
            config.queueCapacityBytes(),
            config.sinkWorkers(),
            collectorMetrics);
    collector =
        new Collector(vertx, config.withPorts(0, 0), fanOut, collectorMetrics, Clock.systemUTC());
    collector.start();
  }

  static CollectorConfig defaults() {
    return CollectorConfig.defaults().withPorts(0, 0);
  }

  URI httpUri(String path) {
    return URI.create("http://127.0.0.1:" + collector.httpPort() + path);
  }

  String grpcEndpoint() {
    return "http://127.0.0.1:" + collector.grpcPort();
  }

  HttpResponse<byte[]> post(String path, String contentType, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(httpUri(path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Override
  public void close() throws Exception {
    collector.stop();
    fanOut.close(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
