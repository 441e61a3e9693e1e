package dev.vigil.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated service: its own OpenTelemetry SDK with its own resource and exporters (gRPC or
 * HTTP/protobuf), and the instruments a real service of its kind would have, named by the
 * OpenTelemetry semantic conventions.
 */
final class ServiceNode implements AutoCloseable {
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

  final String name;
  final OpenTelemetrySdk sdk;
  final Tracer tracer;
  final Logger logger;
  final DoubleHistogram serverDuration;
  final DoubleHistogram dbDuration;
  final LongUpDownCounter activeRequests;

  /** Work done in the current export interval, for the CPU-style gauge. */
  final AtomicLong busyNanos = new AtomicLong();

  ServiceNode(String name, String version, boolean grpc, DemoOptions options, int instance) {
    this.name = name;
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.builder()
                        .put("service.name", name)
                        .put("service.namespace", "shop")
                        .put("service.version", version)
                        .put("service.instance.id", name + "-" + instance)
                        .put("deployment.environment.name", "demo")
                        .put("host.name", "node-" + (instance % 3 + 1))
                        .build()));
    long exportMillis = options.exportInterval().toMillis();
    SpanExporter spans;
    LogRecordExporter logs;
    MetricExporter metrics;
    if (grpc) {
      var s = OtlpGrpcSpanExporter.builder().setEndpoint(options.grpcEndpoint());
      var l = OtlpGrpcLogRecordExporter.builder().setEndpoint(options.grpcEndpoint());
      var m = OtlpGrpcMetricExporter.builder().setEndpoint(options.grpcEndpoint());
      options
          .headers()
          .forEach((k, v) -> {
            s.addHeader(k, v);
            l.addHeader(k, v);
            m.addHeader(k, v);
          });
      spans = s.build();
      logs = l.build();
      metrics = m.build();
    } else {
      var s = OtlpHttpSpanExporter.builder().setEndpoint(options.httpEndpoint() + "/v1/traces");
      var l = OtlpHttpLogRecordExporter.builder().setEndpoint(options.httpEndpoint() + "/v1/logs");
      var m = OtlpHttpMetricExporter.builder().setEndpoint(options.httpEndpoint() + "/v1/metrics");
      options
          .headers()
          .forEach((k, v) -> {
            s.addHeader(k, v);
            l.addHeader(k, v);
            m.addHeader(k, v);
          });
      spans = s.build();
      logs = l.build();
      metrics = m.build();
    }
    long flushMillis = Math.min(exportMillis, 2000);
    sdk =
        OpenTelemetrySdk.builder()
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setResource(resource)
                    .addSpanProcessor(
                        BatchSpanProcessor.builder(spans)
                            .setScheduleDelay(flushMillis, TimeUnit.MILLISECONDS)
                            .setMaxQueueSize(20_000)
                            .setMaxExportBatchSize(1_000)
                            .build())
                    .build())
            .setLoggerProvider(
                SdkLoggerProvider.builder()
                    .setResource(resource)
                    .addLogRecordProcessor(
                        BatchLogRecordProcessor.builder(logs)
                            .setScheduleDelay(flushMillis, TimeUnit.MILLISECONDS)
                            .setMaxQueueSize(20_000)
                            .setMaxExportBatchSize(1_000)
                            .build())
                    .build())
            .setMeterProvider(
                SdkMeterProvider.builder()
                    .setResource(resource)
                    .registerMetricReader(
                        PeriodicMetricReader.builder(metrics)
                            .setInterval(exportMillis, TimeUnit.MILLISECONDS)
                            .build())
                    .build())
            .build();
    tracer = sdk.getTracer("dev.vigil.demo." + name, version);
    logger = sdk.getSdkLoggerProvider().get("dev.vigil.demo." + name);
    Meter meter = sdk.getMeter("dev.vigil.demo." + name);
    serverDuration =
        meter
            .histogramBuilder("http.server.request.duration")
            .setUnit("s")
            .setDescription("Duration of HTTP server requests.")
            .build();
    dbDuration =
        meter
            .histogramBuilder("db.client.operation.duration")
            .setUnit("s")
            .setDescription("Duration of database client operations.")
            .build();
    activeRequests =
        meter
            .upDownCounterBuilder("http.server.active_requests")
            .setUnit("{request}")
            .setDescription("Requests being handled.")
            .build();
    long intervalNanos = TimeUnit.MILLISECONDS.toNanos(exportMillis);
    meter
        .gaugeBuilder("process.cpu.utilization")
        .setUnit("1")
        .setDescription("Share of one CPU used (simulated).")
        .buildWithCallback(
            m -> m.record(Math.min(1.0, 0.05 + (double) busyNanos.getAndSet(0) / intervalNanos)));
    meter
        .gaugeBuilder("process.memory.usage")
        .ofLongs()
        .setUnit("By")
        .setDescription("Resident memory (simulated).")
        .buildWithCallback(m -> m.record(256L * 1024 * 1024 + (name.hashCode() & 0xFFFF) * 4096L));
  }

  @Override
  public void close() {
    sdk.shutdown().join(10, TimeUnit.SECONDS);
  }

  void flush() {
    sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
    sdk.getSdkLoggerProvider().forceFlush().join(10, TimeUnit.SECONDS);
    sdk.getSdkMeterProvider().forceFlush().join(10, TimeUnit.SECONDS);
  }
}
