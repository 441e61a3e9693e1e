package dev.vigil.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * @param grpcEndpoint OTLP/gRPC endpoint, e.g. {@code http://127.0.0.1:4317}
 * @param httpEndpoint OTLP/HTTP base, e.g. {@code http://127.0.0.1:4318}
 * @param requestsPerSecond average shop requests per second at the daily peak
 * @param exportInterval how often metrics are exported (and span/log batches flushed)
 * @param dayLength how long one simulated day lasts (24 h real time; shorter to see the shape)
 * @param headers extra headers on every export, e.g. {@code Authorization} or a tenant header
 * @param seed random seed; the same seed gives the same traffic
 */
public record DemoOptions(
    String grpcEndpoint,
    String httpEndpoint,
    double requestsPerSecond,
    Duration exportInterval,
    Duration dayLength,
    java.util.Map<String, String> headers,
    long seed) {

  public DemoOptions {
    Objects.requireNonNull(grpcEndpoint, "grpcEndpoint");
    Objects.requireNonNull(httpEndpoint, "httpEndpoint");
    if (!(requestsPerSecond > 0)) {
      throw new IllegalArgumentException("requests per second must be positive");
    }
    headers = java.util.Map.copyOf(headers);
  }

  public static DemoOptions of(String grpcEndpoint, String httpEndpoint) {
    return new DemoOptions(
        grpcEndpoint,
        httpEndpoint,
        20,
        Duration.ofSeconds(10),
        Duration.ofHours(24),
        java.util.Map.of(),
        42);
  }

  public DemoOptions withRate(double rps) {
    return new DemoOptions(
        grpcEndpoint, httpEndpoint, rps, exportInterval, dayLength, headers, seed);
  }

  public DemoOptions withExportInterval(Duration interval) {
    return new DemoOptions(
        grpcEndpoint, httpEndpoint, requestsPerSecond, interval, dayLength, headers, seed);
  }

  public DemoOptions withHeaders(java.util.Map<String, String> newHeaders) {
    return new DemoOptions(
        grpcEndpoint, httpEndpoint, requestsPerSecond, exportInterval, dayLength, newHeaders, seed);
  }
}
