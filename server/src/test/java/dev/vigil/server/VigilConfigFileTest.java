package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.logindex.store.PartitionSpan;
import dev.vigil.logindex.store.StoredCompression;
import dev.vigil.logindex.translog.SyncMode;
import dev.vigil.model.Tenant;
import dev.vigil.model.access.AccessPolicy;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VigilConfigFileTest {
  private static VigilConfig parse(String yaml) throws ConfigException {
    return VigilConfigFile.parse(new StringReader(yaml), "vigil.yml");
  }

  @Test
  void emptyFileMeansDefaults() throws Exception {
    VigilConfig c = parse("");
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.collector().grpcPort()).isEqualTo(4317);
    assertThat(c.collector().httpPort()).isEqualTo(4318);
    assertThat(c.collector().host()).isEqualTo("127.0.0.1");
    assertThat(c.httpHost()).isEqualTo("127.0.0.1");
    assertThat(c.collector().maxBodyBytes()).isEqualTo(16 * 1024 * 1024);
    assertThat(c.dataDir()).isEqualTo(Path.of("data"));
  }

  @Test
  void everySectionIsRead() throws Exception {
    VigilConfig c =
        parse(
            """
            data-dir: /var/lib/vigil
            http: {host: 0.0.0.0, port: 9090}
            otlp:
              grpc-port: 14317
              http-port: 14318
              max-body-size: 4MiB
              queue-size: 128MiB
              sink-workers: 4
              retry-after: 10s
            limits:
              max-attribute-value-length: 100
              max-future-skew: 10m
            tsdb:
              fsync: interval
              retention: 30d
              retention-size: 10GiB
              decoded-chunk-cache: 16MiB
              max-exemplars: 5000
            traces:
              retention: 3d
              retention-size: 20GiB
              flush-after: 30s
              fsync: never
            auth:
              tenant-header: X-Tenant
              tokens:
                - {token: abc, tenant: team-a}
            """);
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/vigil"));
    assertThat(c.httpHost()).isEqualTo("0.0.0.0");
    assertThat(c.httpPort()).isEqualTo(9090);
    assertThat(c.collector().grpcPort()).isEqualTo(14317);
    assertThat(c.collector().maxBodyBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(c.collector().queueCapacityBytes()).isEqualTo(128L * 1024 * 1024);
    assertThat(c.collector().sinkWorkers()).isEqualTo(4);
    assertThat(c.collector().retryAfterSeconds()).isEqualTo(10);
    assertThat(c.collector().limits().maxAttributeValueLength()).isEqualTo(100);
    assertThat(c.collector().limits().maxFutureSkew()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.tsdb().fsync()).isEqualTo(dev.vigil.tsdb.wal.FsyncPolicy.INTERVAL);
    assertThat(c.tsdbStorage().retentionMillis()).isEqualTo(Duration.ofDays(30).toMillis());
    assertThat(c.tsdbStorage().retentionBytes()).isEqualTo(10L << 30);
    assertThat(c.tsdb().decodedChunkCacheBytes()).isEqualTo(16L << 20);
    assertThat(c.tsdb().maxExemplarsPerTenant()).isEqualTo(5000);
    assertThat(c.traces().retention()).isEqualTo(Duration.ofDays(3));
    assertThat(c.traces().maxBytesPerTenant()).isEqualTo(20L << 30);
    assertThat(c.traces().flushAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.traces().fsync()).isFalse();
    AccessPolicy access = c.collector().access();
    assertThat(access.tenantHeader()).isEqualTo("X-Tenant");
    assertThat(access.decide("Bearer abc", null))
        .isEqualTo(new AccessPolicy.Decision.Granted(new Tenant("team-a")));
  }

  @Test
  void adminApiIsOffUnlessEnabledAndAdminTokensAreMarked() throws Exception {
    assertThat(parse("http: {port: 9090}\n").collector().access().adminApi()).isFalse();
    AccessPolicy access =
        parse(
                """
                http:
                  admin-api: true
                auth:
                  tokens:
                    - {token: boss, tenant: team-a, admin: true}
                    - {token: worker, tenant: team-a}
                """)
            .collector()
            .access();
    assertThat(access.adminApi()).isTrue();
    assertThat(access.adminRefusal("Bearer boss")).isNull();
    assertThat(access.adminRefusal("Bearer worker")).contains("admin: true");
    assertThat(access.adminRefusal(null)).contains("Bearer");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("http: {admin-api: yes}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.admin-api must be true or false");
  }

  @Test
  void theLogsSectionConfiguresTheLogIndex() throws Exception {
    VigilConfig c =
        parse(
            """
            logs:
              retention: 3d
              refresh-interval: 500ms
              compression: deflate
              json-body-fields: [status, user_id]
              max-record-size: 64KiB
              max-attributes-per-record: 32
              ingest-rate: 2MiB
            """);
    var logs = c.logs();
    assertThat(logs.retention()).isEqualTo(Duration.ofDays(3));
    assertThat(logs.refreshInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(logs.compression()).isEqualTo(StoredCompression.DEFLATE);
    assertThat(logs.jsonBodyFields()).containsExactlyInAnyOrder("status", "user_id");
    assertThat(logs.maxRecordBytes()).isEqualTo(64 * 1024);
    assertThat(logs.maxAttributesPerRecord()).isEqualTo(32);
    assertThat(logs.ingestBytesPerSecond()).isEqualTo(2 * 1024 * 1024);
    // The burst never falls below the rate.
    assertThat(logs.ingestBurstBytes()).isGreaterThanOrEqualTo(2 * 1024 * 1024);
    assertThat(parse("").logs().compression()).isEqualTo(StoredCompression.ZSTD);
    assertThat(parse("").logs().jsonBodyFields()).isEmpty();

    assertThat(parse("logs:\n  compression: lz4\n").logs().compression())
        .isEqualTo(StoredCompression.LZ4);
    assertThatThrownBy(() -> parse("logs:\n  compression: brotli\n"))
        .hasMessageContaining(
            "line 2: logs.compression must be zstd, lz4 or deflate, got 'brotli'");
    assertThatThrownBy(() -> parse("logs:\n  json-body-fields: status\n"))
        .hasMessageContaining("line 2: logs.json-body-fields must be a list");
    assertThatThrownBy(() -> parse("logs:\n  retention: soon\n"))
        .hasMessageContaining("logs.retention");
    assertThatThrownBy(() -> parse("logs:\n  ingest-rate: 0\n"))
        .hasMessageContaining("logs.ingest-rate must be above zero");
    assertThatThrownBy(() -> parse("logs:\n  retension: 3d\n"))
        .hasMessageContaining("line 2: unknown key 'retension' in logs");
  }

  @Test
  void theLogsSectionSetsTheStorageKnobs() throws Exception {
    var logs =
        parse(
                """
                logs:
                  partition: hour
                  fsync: interval
                  fsync-interval: 250ms
                  commit-interval: 2m
                  search-idle-after: 5m
                  idle-close: 20m
                  ram-buffer: 128MiB
                  max-query-samples: 1000000
                  max-query-series: 500
                  query-timeout: 90s
                  tail-keepalive: 10s
                """)
            .logs();
    assertThat(logs.granularity()).isEqualTo(PartitionSpan.Granularity.HOUR);
    assertThat(logs.syncMode()).isEqualTo(SyncMode.INTERVAL);
    assertThat(logs.syncInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(logs.commitInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(logs.searchIdleAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(logs.idleClose()).isEqualTo(Duration.ofMinutes(20));
    assertThat(logs.ramBufferMb()).isEqualTo(128.0);
    assertThat(logs.maxQuerySamples()).isEqualTo(1_000_000);
    assertThat(logs.maxQuerySeries()).isEqualTo(500);
    assertThat(logs.queryTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(logs.tailKeepAlive()).isEqualTo(Duration.ofSeconds(10));

    var defaults = parse("").logs();
    assertThat(defaults.granularity()).isEqualTo(PartitionSpan.Granularity.DAY);
    assertThat(defaults.syncMode()).isEqualTo(SyncMode.EVERY_APPEND);
    assertThat(defaults.searchIdleAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.queryTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(defaults.tailKeepAlive()).isEqualTo(Duration.ofSeconds(30));
    assertThat(parse("logs:\n  fsync: never\n").logs().syncMode()).isEqualTo(SyncMode.NEVER);
    assertThat(parse("logs:\n  max-query-series: 7\n").logs().maxQuerySamples())
        .isEqualTo(defaults.maxQuerySamples());

    assertThatThrownBy(() -> parse("logs:\n  partition: week\n"))
        .hasMessageContaining("line 2: logs.partition must be day or hour, got 'week'");
    assertThatThrownBy(() -> parse("logs:\n  fsync: sometimes\n"))
        .hasMessageContaining(
            "line 2: logs.fsync must be always, interval or never, got 'sometimes'");
    assertThatThrownBy(() -> parse("logs:\n  fsync-interval: 1s\n"))
        .hasMessageContaining(
            "line 2: logs.fsync-interval applies only with fsync: interval (fsync is always)");
    assertThatThrownBy(() -> parse("logs:\n  commit-interval: 0s\n"))
        .hasMessageContaining("line 2: logs.commit-interval must be above zero");
    assertThatThrownBy(() -> parse("logs:\n  search-idle-after: later\n"))
        .hasMessageContaining("line 2: logs.search-idle-after must be a duration");
    assertThatThrownBy(() -> parse("logs:\n  ram-buffer: 100KiB\n"))
        .hasMessageContaining("line 2: logs.ram-buffer must be between 1MiB and 2047MiB");
    assertThatThrownBy(() -> parse("logs:\n  max-query-series: 0\n"))
        .hasMessageContaining("line 2: logs.max-query-series must be between 1 and 10000000");
    assertThatThrownBy(() -> parse("logs:\n  query-timeout: 0s\n"))
        .hasMessageContaining("line 2: logs.query-timeout must be above zero");
  }

  @Test
  void thePromqlSectionSetsTheQueryWorkers() throws Exception {
    assertThat(parse("").queryWorkers())
        .isEqualTo(dev.vigil.promql.engine.EngineOptions.DEFAULTS.queryWorkers());
    assertThat(parse("promql:\n  workers: 1\n").queryWorkers()).isEqualTo(1);
    assertThat(parse("promql: {workers: 4}\n").queryWorkers()).isEqualTo(4);
    assertThatThrownBy(() -> parse("promql:\n  workers: 0\n"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("promql.workers");
    assertThatThrownBy(() -> parse("promql:\n  worker: 2\n")).hasMessageContaining("worker");
  }

  @Test
  void mistakesAreReportedWithLineAndKey() {
    assertThatThrownBy(() -> parse("otlp:\n  grpc-prot: 1\n"))
        .hasMessageContaining("vigil.yml: line 2: unknown key 'grpc-prot' in otlp");
    assertThatThrownBy(() -> parse("http:\n  port: 70000\n"))
        .hasMessageContaining("line 2: http.port must be between 0 and 65535");
    assertThatThrownBy(() -> parse("traces:\n  fsync: sometimes\n"))
        .hasMessageContaining("line 2: traces.fsync must be always or never, got 'sometimes'");
    assertThatThrownBy(() -> parse("traces:\n  retension: 3d\n"))
        .hasMessageContaining("line 2: unknown key 'retension' in traces");
    assertThatThrownBy(() -> parse("tsdb:\n  max-exemplars: -1\n"))
        .hasMessageContaining("line 2: tsdb.max-exemplars must be between 0 and");
    assertThatThrownBy(() -> parse("otlp:\n  max-body-size: lots\n"))
        .hasMessageContaining("otlp.max-body-size must be a size");
    assertThatThrownBy(() -> parse("auth:\n  tokens:\n    - {token: x, tenant: 'a/b'}\n"))
        .hasMessageContaining("auth.tokens[0].tenant");
    assertThatThrownBy(() -> parse("tls: {cert: /nonexistent.pem, key: /nonexistent.key}\n"))
        .hasMessageContaining("tls.cert: cannot read");
    assertThatThrownBy(() -> parse("http: [1, 2\n")).hasMessageContaining("not valid YAML");
  }

  @Test
  void flagsOverrideTheFile() throws Exception {
    VigilConfig c = VigilConfigs.load(null, Path.of("/tmp/x"), 0, 0, 0);
    assertThat(c.httpPort()).isZero();
    assertThat(c.collector().grpcPort()).isZero();
    assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/x"));
    assertThatThrownBy(() -> VigilConfigs.load(null, null, -1, null, null))
        .hasMessageContaining("--http-port");
  }
}
