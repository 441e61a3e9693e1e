package dev.vigil.server.cli;

import dev.vigil.server.ConfigException;
import dev.vigil.server.VigilConfig;
import dev.vigil.server.VigilConfigs;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that runs a server takes ({@code serve}, and {@code demo} later). */
public final class ServerOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (see README).")
  Path config;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where the stores keep their files (default ./data).")
  Path dataDir;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "HTTP API and UI port (default 8080, 0 = any free port).")
  Integer httpPort;

  @Option(
      names = "--otlp-grpc-port",
      paramLabel = "PORT",
      description = "OTLP/gRPC port (default 4317, 0 = any free port).")
  Integer grpcPort;

  @Option(
      names = "--otlp-http-port",
      paramLabel = "PORT",
      description = "OTLP/HTTP port (default 4318, 0 = any free port).")
  Integer otlpHttpPort;

  @Option(
      names = "--rules-dir",
      paramLabel = "DIR",
      description =
          "Rule files (Sloth, OpenSLO, Prometheus), watched for changes (default ./rules).")
  Path rulesDir;

  @Option(
      names = "--enable-admin-api",
      description =
          "Answer admin APIs (POST /api/v1/admin/tsdb/snapshot), as Prometheus'"
              + " --web.enable-admin-api; with auth tokens, only tokens marked admin may call them.")
  boolean enableAdminApi;

  /** The config file (or defaults) with the flags applied on top. */
  public VigilConfig resolve() throws ConfigException {
    VigilConfig c = VigilConfigs.load(config, dataDir, httpPort, grpcPort, otlpHttpPort);
    if (enableAdminApi) {
      c = c.withCollector(c.collector().withAccess(c.collector().access().withAdminApi(true)));
    }
    return rulesDir == null ? c : c.withAlerting(c.alerting().withRulesDir(rulesDir));
  }
}
