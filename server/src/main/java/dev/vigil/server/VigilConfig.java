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
    dev.vigil.server.alerting.AlertingConfig alerting) {

  public VigilConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(collector, "collector");
    Objects.requireNonNull(tsdb, "tsdb");
    Objects.requireNonNull(tsdbStorage, "tsdbStorage");
    Objects.requireNonNull(logs, "logs");
    Objects.requireNonNull(traces, "traces");
    Objects.requireNonNull(alerting, "alerting");
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
        dev.vigil.server.alerting.AlertingConfig.defaults());
  }

  public VigilConfig withDataDir(Path dir) {
    return new VigilConfig(
        dir, httpHost, httpPort, collector, tsdb, tsdbStorage, logs, traces, alerting);
  }

  public VigilConfig withHttpPort(int port) {
    return new VigilConfig(
        dataDir, httpHost, port, collector, tsdb, tsdbStorage, logs, traces, alerting);
  }

  public VigilConfig withTsdb(HeadOptions options) {
    return new VigilConfig(
        dataDir, httpHost, httpPort, collector, options, tsdbStorage, logs, traces, alerting);
  }

  public VigilConfig withAlerting(dev.vigil.server.alerting.AlertingConfig a) {
    return new VigilConfig(
        dataDir, httpHost, httpPort, collector, tsdb, tsdbStorage, logs, traces, a);
  }

  public VigilConfig withLogs(dev.vigil.logindex.LogIndexOptions l) {
    return new VigilConfig(
        dataDir, httpHost, httpPort, collector, tsdb, tsdbStorage, l, traces, alerting);
  }

  public VigilConfig withCollector(CollectorConfig c) {
    return new VigilConfig(
        dataDir, httpHost, httpPort, c, tsdb, tsdbStorage, logs, traces, alerting);
  }

  public VigilConfig withTraces(dev.vigil.tracestore.TraceStoreOptions t) {
    return new VigilConfig(
        dataDir, httpHost, httpPort, collector, tsdb, tsdbStorage, logs, t, alerting);
  }
}
