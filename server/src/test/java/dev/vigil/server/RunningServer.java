package dev.vigil.server;

import dev.vigil.model.log.LogRecord;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.sink.InMemorySink;
import dev.vigil.model.trace.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** The real Vigil server on free ports with in-memory sinks, for end-to-end tests. */
final class RunningServer implements AutoCloseable {
  final InMemorySink<Metric> metrics = new InMemorySink<>();
  final InMemorySink<LogRecord> logs = new InMemorySink<>();
  final InMemorySink<Span> spans = new InMemorySink<>();
  final VigilServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  RunningServer(Path dataDir) throws Exception {
    this(VigilConfig.defaults().withDataDir(dataDir));
  }

  RunningServer(VigilConfig config) throws Exception {
    VigilConfig onFreePorts =
        config.withHttpPort(0).withCollector(config.collector().withPorts(0, 0));
    server = VigilServer.create(onFreePorts, metrics, logs, spans);
    server.start();
  }

  String grpcEndpoint() {
    return "http://127.0.0.1:" + server.otlpGrpcPort();
  }

  String otlpHttpEndpoint(String signal) {
    return "http://127.0.0.1:" + server.otlpHttpPort() + "/v1/" + signal;
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .timeout(Duration.ofSeconds(10))
            .GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
