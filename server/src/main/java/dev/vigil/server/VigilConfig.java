package dev.vigil.server;

import dev.vigil.collector.CollectorConfig;
import dev.vigil.tsdb.TsdbOptions;
import dev.vigil.tsdb.head.HeadOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a Vigil process is told at start: where its data lives, where its HTTP API listens,
 * and the collector's settings. Read from {@code vigil.yml} by {@link VigilConfigFile}, with
 * command-line flags applied on top.
 *
 * @param dataDir root of every store's files
 * @param httpHost address of the HTTP API and UI
 * @param httpPort port of the HTTP API and UI, 0 for any free port
 * @param tsdb the metrics store's head and WAL settings
 * @param tsdbStorage the metrics store's block, compaction and retention settings
 * @param logs the log index's settings
 * @param traces the trace store's settings
 * @param alerting rule files, evaluation and notification settings
 * @param queryWorkers threads one PromQL range query may use for a range function over many series
 *     (the engine's {@code EngineOptions.queryWorkers}); 1 keeps every query on its request's
 *     thread
 */
public record VigilConfig(
    Path dataDir,
    String httpHost,
    int httpPort,
    CollectorConfig collector,
    HeadOptions tsdb,
    TsdbOptions tsdbStorage,
    dev.vigil.logindex.LogIndexOptions logs,
    dev.vigil.tracestore.TraceStoreOptions traces,
    dev.vigil.server.alerting.AlertingConfig alerting,
    int queryWorkers) {

  public VigilConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(collector, "collector");
    Objects.requireNonNull(tsdb, "tsdb");
    Objects.requireNonNull(tsdbStorage, "tsdbStorage");
    Objects.requireNonNull(logs, "logs");
    Objects.requireNonNull(traces, "traces");
    Objects.requireNonNull(alerting, "alerting");
    if (queryWorkers < 1) {
      throw new IllegalArgumentException("queryWorkers must be at least 1, got " + queryWorkers);
    }
  }

  public static VigilConfig defaults() {
    return new VigilConfig(
        Path.of("data"),
        "127.0.0.1",
        8080,
        CollectorConfig.defaults(),
        HeadOptions.DEFAULT,
        TsdbOptions.DEFAULT,
        dev.vigil.logindex.LogIndexOptions.defaults(),
        dev.vigil.tracestore.TraceStoreOptions.defaults(),
        dev.vigil.server.alerting.AlertingConfig.defaults(),
        dev.vigil.promql.engine.EngineOptions.DEFAULTS.queryWorkers());
  }

  public VigilConfig withDataDir(Path dir) {
    return new VigilConfig(
        dir,
        httpHost,
        httpPort,
        collector,
        tsdb,
        tsdbStorage,
        logs,
        traces,
        alerting,
        queryWorkers);
  }

  public VigilConfig withHttpPort(int port) {
    return new VigilConfig(
        dataDir,
        httpHost,
        port,
        collector,
        tsdb,
        tsdbStorage,
        logs,
        traces,
        alerting,
        queryWorkers);
  }

  public VigilConfig withTsdb(HeadOptions options) {
    return new VigilConfig(
        dataDir,
        httpHost,
        httpPort,
        collector,
        options,
        tsdbStorage,
        logs,
        traces,
        alerting,
        queryWorkers);
  }

  public VigilConfig withAlerting(dev.vigil.server.alerting.AlertingConfig a) {
    return new VigilConfig(
        dataDir, httpHost, httpPort, collector, tsdb, tsdbStorage, logs, traces, a, queryWorkers);
  }

  public VigilConfig withLogs(dev.vigil.logindex.LogIndexOptions l) {
    return new VigilConfig(
        dataDir,
        httpHost,
        httpPort,
        collector,
        tsdb,
        tsdbStorage,
        l,
        traces,
        alerting,
        queryWorkers);
  }

  public VigilConfig withCollector(CollectorConfig c) {
    return new VigilConfig(
        dataDir, httpHost, httpPort, c, tsdb, tsdbStorage, logs, traces, alerting, queryWorkers);
  }

  public VigilConfig withTraces(dev.vigil.tracestore.TraceStoreOptions t) {
    return new VigilConfig(
        dataDir, httpHost, httpPort, collector, tsdb, tsdbStorage, logs, t, alerting, queryWorkers);
  }

  public VigilConfig withQueryWorkers(int n) {
    return new VigilConfig(
        dataDir, httpHost, httpPort, collector, tsdb, tsdbStorage, logs, traces, alerting, n);
  }
}
