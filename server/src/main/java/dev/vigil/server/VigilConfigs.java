package dev.vigil.server;

import java.nio.file.Path;

/** Builds the effective configuration: the file (if any), then command-line flags on top. */
public final class VigilConfigs {
  private VigilConfigs() {}

  public static VigilConfig load(
      Path file, Path dataDir, Integer httpPort, Integer grpcPort, Integer otlpHttpPort)
      throws ConfigException {
    VigilConfig c = file == null ? VigilConfig.defaults() : VigilConfigFile.read(file);
    if (dataDir != null) {
      c = c.withDataDir(dataDir);
    }
    if (httpPort != null) {
      c = c.withHttpPort(checkPort(httpPort, "--http-port"));
    }
    if (grpcPort != null || otlpHttpPort != null) {
      c =
          c.withCollector(
              c.collector()
                  .withPorts(
                      grpcPort != null
                          ? checkPort(grpcPort, "--otlp-grpc-port")
                          : c.collector().grpcPort(),
                      otlpHttpPort != null
                          ? checkPort(otlpHttpPort, "--otlp-http-port")
                          : c.collector().httpPort()));
    }
    return c;
  }

  private static int checkPort(int port, String flag) throws ConfigException {
    if (port < 0 || port > 65535) {
      throw new ConfigException(flag + " must be between 0 and 65535, got " + port);
    }
    return port;
  }
}
