package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    AccessPolicy access = c.collector().access();
    assertThat(access.tenantHeader()).isEqualTo("X-Tenant");
    assertThat(access.decide("Bearer abc", null))
        .isEqualTo(new AccessPolicy.Decision.Granted(new Tenant("team-a")));
  }

  @Test
  void mistakesAreReportedWithLineAndKey() {
    assertThatThrownBy(() -> parse("otlp:\n  grpc-prot: 1\n"))
        .hasMessageContaining("vigil.yml: line 2: unknown key 'grpc-prot' in otlp");
    assertThatThrownBy(() -> parse("http:\n  port: 70000\n"))
        .hasMessageContaining("line 2: http.port must be between 0 and 65535");
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
