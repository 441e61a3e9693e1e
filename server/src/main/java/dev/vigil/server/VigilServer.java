package dev.vigil.server;

import dev.vigil.collector.Collector;
import dev.vigil.collector.CollectorMetrics;
import dev.vigil.collector.FanOut;
import dev.vigil.model.access.AccessPolicy;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.sink.TelemetrySink;
import dev.vigil.model.trace.Span;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbMetricsSink;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Vigil process: the stores behind their sinks, the fan-out, the OTLP collector on Vert.x and
 * the HTTP API on Micronaut. Start order is stores, fan-out, HTTP API, collector, so that nothing
 * is accepted before it can be stored; {@link #close} stops in the reverse order and drains the
 * fan-out into the stores before closing them.
 */
public final class VigilServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VigilServer.class);

  private final VigilConfig config;
  private TelemetrySink<Metric> metricsSink;
  private dev.vigil.tracestore.TraceStore traceStore;
  private dev.vigil.logindex.LogIndex logIndex;
  private TelemetrySink<LogRecord> logsSink;
  private TelemetrySink<Span> spansSink;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Readiness readiness = new Readiness();
  private Vertx vertx;
  private FanOut fanOut;
  private Collector collector;
  private ApplicationContext micronaut;
  private int httpPort = -1;
  private Tsdb tsdb;
  // Volatile: the SIGHUP handler reads it from the signal thread, installed before start().
  private volatile dev.vigil.server.alerting.AlertingService alerting;
  private dev.vigil.promql.engine.QueryWorkers queryWorkers;
  private boolean closed;
  private final java.util.List<Object> extraBeans = new java.util.ArrayList<>();

  private VigilServer(
      VigilConfig config,
      TelemetrySink<Metric> metrics,
      TelemetrySink<LogRecord> logs,
      TelemetrySink<Span> spans) {
    this.config = config;
    this.metricsSink = metrics;
    this.logsSink = logs;
    this.spansSink = spans;
  }

  /** A server storing into the given sinks (tests pass in-memory ones to see what arrived). */
  public static VigilServer create(
      VigilConfig config,
      TelemetrySink<Metric> metrics,
      TelemetrySink<LogRecord> logs,
      TelemetrySink<Span> spans) {
    return new VigilServer(config, metrics, logs, spans);
  }

  /**
   * A server with the embedded default stores under the data directory: metrics in the tsdb ({@code
   * tsdb/}), logs in the log index ({@code logs/}), spans in the trace store ({@code traces/}), and
   * the alert engine on the rules directory.
   */
  public static VigilServer create(VigilConfig config) {
    return new VigilServer(config, null, null, null);
  }

  /** The trace store, when this server runs the embedded one (else null). */
  public dev.vigil.tracestore.TraceStore traceStore() {
    return traceStore;
  }

  /** The alert engine, when this server runs the embedded stores (else null). */
  public dev.vigil.server.alerting.AlertingService alerting() {
    return alerting;
  }

  /** The metrics store, when this server runs the embedded one (else null). */
  public Tsdb tsdb() {
    return tsdb;
  }

  /** Makes {@code bean} available to the HTTP endpoints; call before {@link #start}. */
  public VigilServer withBean(Object bean) {
    extraBeans.add(bean);
    return this;
  }

  public synchronized void start() throws Exception {
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new ConfigException(
          "cannot create the data directory "
              + config.dataDir().toAbsolutePath()
              + ": "
              + e.getMessage());
    }
    JvmMetrics.builder().register(registry);
    if (metricsSink == null) {
      tsdb = Tsdb.open(config.dataDir().resolve("tsdb"), config.tsdb(), config.tsdbStorage());
      TsdbMetricsSink sink = new TsdbMetricsSink(tsdb);
      StoreMetrics.registerTsdb(registry, tsdb);
      metricsSink = sink;
      if (logsSink == null) {
        logIndex =
            dev.vigil.logindex.LogIndex.open(config.dataDir().resolve("logs"), config.logs());
        StoreMetrics.registerLogIndex(registry, logIndex);
        logsSink = logIndex.sink();
      }
      if (spansSink == null) {
        traceStore =
            dev.vigil.tracestore.TraceStore.open(
                config.dataDir().resolve("traces"), config.traces());
        StoreMetrics.registerTraceStore(registry, traceStore);
        spansSink = new SpansWithMetrics(traceStore.sink(), tsdb);
      }
      alerting =
          new dev.vigil.server.alerting.AlertingService(
              config.alerting(), tsdb, logIndex, config.dataDir(), Clock.systemUTC());
      alerting.start();
      dev.vigil.server.alerting.AlertingMetrics.register(registry, alerting);
    }
    CollectorMetrics collectorMetrics = new CollectorMetrics(registry);
    fanOut =
        new FanOut(
            metricsSink,
            logsSink,
            spansSink,
            config.collector().queueCapacityBytes(),
            config.collector().sinkWorkers(),
            collectorMetrics);
    micronaut = startHttpApi();
    httpPort = micronaut.getBean(EmbeddedServer.class).getPort();
    vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors())));
    collector =
        new Collector(vertx, config.collector(), fanOut, collectorMetrics, Clock.systemUTC());
    collector.start();
    readiness.ready();
    String scheme = config.collector().tls() == null ? "http" : "https";
    log.info(
        "Vigil is ready in {} ms: HTTP API and UI on {}://{}:{}, OTLP/gRPC on {}:{}, OTLP/HTTP on {}://{}:{}, data in {}",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
        scheme,
        config.httpHost(),
        httpPort,
        config.collector().host(),
        collector.grpcPort(),
        scheme,
        config.collector().host(),
        collector.httpPort(),
        config.dataDir().toAbsolutePath());
  }

  private ApplicationContext startHttpApi() {
    queryWorkers = dev.vigil.promql.engine.QueryWorkers.of(config.queryWorkers());
    Map<String, Object> props = new HashMap<>();
    props.put("micronaut.application.name", "vigil");
    props.put("micronaut.server.host", config.httpHost());
    // Micronaut picks a random port for -1; 0 is what every other listener here takes for that.
    int port = config.httpPort() == 0 ? -1 : config.httpPort();
    props.put("micronaut.server.port", port);
    props.put("micronaut.server.max-request-size", "16MB");
    props.put("micronaut.server.netty.graceful-shutdown", false);
    // Bodies are decompressed by the endpoints that accept them, within their limits: remote write
    // is raw snappy (not the framed format Netty would assume) and nothing may inflate unbounded.
    props.put("micronaut.server.netty.request-decompression-enabled", false);
    props.put("micronaut.banner.enabled", false);
    if (config.collector().tls() != null) {
      props.put("micronaut.server.ssl.enabled", true);
      // Unlike the plain port, the TLS port takes 0 (not -1) for "any free port".
      props.put("micronaut.server.ssl.port", config.httpPort());
      props.put(
          "micronaut.server.ssl.key-store.key-path",
          "file:" + config.collector().tls().privateKey().toAbsolutePath());
      props.put(
          "micronaut.server.ssl.key-store.certificate-path",
          "file:" + config.collector().tls().certificate().toAbsolutePath());
    }
    AccessPolicy access = config.collector().access();
    ApplicationContext ctx =
        ApplicationContext.builder()
            .properties(props)
            .singletons(registry, readiness, access, new MetricsAccess(tsdb, queryWorkers))
            .singletons(extraBeans.toArray())
            .singletons(alerting == null ? new Object[0] : new Object[] {alerting})
            .singletons(traceStore == null ? new Object[0] : new Object[] {traceStore})
            .singletons(logIndex == null ? new Object[0] : new Object[] {logIndex})
            .banner(false)
            .deduceEnvironment(false)
            .start();
    ctx.getBean(EmbeddedServer.class).start();
    return ctx;
  }

  public int httpPort() {
    return httpPort;
  }

  public int otlpGrpcPort() {
    return collector.grpcPort();
  }

  public int otlpHttpPort() {
    return collector.httpPort();
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /**
   * Graceful stop: not ready, stop listening for OTLP, drain the fan-out into the stores (answering
   * the senders still waiting), close the stores, then stop the HTTP API.
   */
  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    readiness.notReady("shutting down");
    long t0 = System.nanoTime();
    if (collector != null) {
      collector.stop();
    }
    boolean drained = true;
    if (fanOut != null) {
      drained = fanOut.close(30, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (micronaut != null) {
      micronaut.close();
    }
    if (queryWorkers != null) {
      queryWorkers.close(); // after the HTTP API: no query is left to help
    }
    if (alerting != null) {
      alerting.close();
    }
    if (traceStore != null) {
      traceStore.close();
    }
    if (logIndex != null) {
      logIndex.close();
    }
    if (tsdb != null) {
      tsdb.close();
    }
    log.info(
        "Vigil stopped in {} ms{}",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
        drained
            ? "; every accepted batch reached its store"
            : "; some queued batches did not reach their store in time");
  }
}
