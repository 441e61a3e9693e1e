package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.demo.DemoOptions;
import dev.vigil.demo.DemoWorkload;
import dev.vigil.demo.Incident;
import dev.vigil.model.Batch;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.model.sink.InMemorySink;
import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.StatusCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's simulated shop, with real SDKs, reaches every signal of a real server. */
class DemoWorkloadTest {
  @TempDir Path dataDir;

  @Test
  void everySignalArrivesCorrelatedAndIncidentsShow() throws Exception {
    InMemorySink<LogRecord> logs = new InMemorySink<>();
    InMemorySink<Span> spans = new InMemorySink<>();
    VigilConfig config = VigilConfig.defaults().withDataDir(dataDir).withHttpPort(0);
    config = config.withCollector(config.collector().withPorts(0, 0));
    VigilServer server = VigilServer.create(config, null, logs, spans);
    server.start();
    DemoWorkload demo =
        new DemoWorkload(
            DemoOptions.of(
                    "http://127.0.0.1:" + server.otlpGrpcPort(),
                    "http://127.0.0.1:" + server.otlpHttpPort())
                .withRate(300)
                .withExportInterval(Duration.ofSeconds(1)));
    try {
      demo.inject(Incident.PAYMENT_TIMEOUT, Duration.ofMinutes(1));
      demo.start();
      Thread.sleep(2500);
      demo.flush();
      Thread.sleep(500);
      assertThat(demo.requests()).isGreaterThan(100);

      // Traces cross services: one trace id, spans from several service resources.
      Map<TraceId, Set<String>> servicesByTrace = new HashMap<>();
      boolean paymentTimedOut = false;
      for (Batch<Span> b : spans.batches()) {
        for (ResourceGroup<Span> r : b.resources()) {
          String service = r.resource().serviceName();
          for (ScopeGroup<Span> s : r.scopes()) {
            for (Span span : s.items()) {
              servicesByTrace.computeIfAbsent(span.traceId(), t -> new HashSet<>()).add(service);
              paymentTimedOut |=
                  service.equals("payment")
                      && span.status().code() == StatusCode.ERROR
                      && span.events().stream().anyMatch(e -> e.name().equals("exception"));
            }
          }
        }
      }
      assertThat(servicesByTrace.values())
          .anyMatch(s ->
              s.containsAll(
                  List.of(
                      "api-gateway",
                      "auth",
                      "order",
                      "payment",
                      "inventory",
                      "shipping",
                      "notification")));
      assertThat(paymentTimedOut)
          .as("the payment incident shows as failed spans with exceptions")
          .isTrue();

      // Logs carry the trace context of a trace that exists.
      List<LogRecord> records = logs.items();
      assertThat(records).isNotEmpty();
      assertThat(records)
          .anyMatch(l -> l.traceId() != null && servicesByTrace.containsKey(l.traceId()));
      assertThat(records)
          .anyMatch(l ->
              l.severityNumber() >= 17
                  && String.valueOf(l.body()).contains("payment provider timeout"));

      // Metrics land in the tsdb under the OpenTelemetry semantic-convention names.
      try (SeriesQuerier q = server.tsdb().querier(Tenant.DEFAULT, 0, Long.MAX_VALUE)) {
        assertThat(
                q.select(
                    List.of(
                        LabelMatcher.equal(
                            "__name__", "http_server_request_duration_seconds_count"),
                        LabelMatcher.equal("job", "shop/api-gateway"),
                        LabelMatcher.equal("http_route", "/api/checkout"))))
            .isNotEmpty();
        assertThat(q.labelValues("job", List.of()))
            .contains("shop/payment", "shop/inventory", "shop/notification");
        assertThat(
                q.select(List.of(LabelMatcher.equal("__name__", "process_cpu_utilization_ratio"))))
            .isNotEmpty();
      }
    } finally {
      demo.close();
      server.close();
    }
  }
}
