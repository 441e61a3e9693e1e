package dev.vigil.collector;

import dev.vigil.model.access.AccessPolicy;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How the collector listens and what it accepts.
 *
 * @param host address both receivers bind to (127.0.0.1 by default, like the OpenTelemetry
 *     Collector's safe default)
 * @param grpcPort OTLP/gRPC port, 0 for any free port
 * @param httpPort OTLP/HTTP port, 0 for any free port
 * @param maxBodyBytes largest request body accepted, after decompression
 * @param maxInFlightBodyBytes request bytes that may be in transit at once over all connections
 * @param queueCapacityBytes per signal, request bytes that may wait for their store
 * @param sinkWorkers per signal, batches appended to a store concurrently
 * @param retryAfterSeconds what {@code Retry-After} tells senders when the pipeline is full
 * @param tls certificate and key for every listener, or null for plain text
 */
public record CollectorConfig(
    String host,
    int grpcPort,
    int httpPort,
    int maxBodyBytes,
    long maxInFlightBodyBytes,
    long queueCapacityBytes,
    int sinkWorkers,
    int retryAfterSeconds,
    ValidationLimits limits,
    AccessPolicy access,
    Tls tls) {

  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

  /** PEM-encoded certificate chain and private key. */
  public record Tls(Path certificate, Path privateKey) {
    public Tls {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(privateKey, "privateKey");
    }
  }

  public CollectorConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(access, "access");
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("the body limit must be at least 1024 bytes");
    }
    if (sinkWorkers < 1) {
      throw new IllegalArgumentException("sink workers must be at least 1");
    }
  }

  /** Defaults: loopback, standard OTLP ports, 16 MiB bodies, open access, no TLS. */
  public static CollectorConfig defaults() {
    return new CollectorConfig(
        "127.0.0.1",
        4317,
        4318,
        DEFAULT_MAX_BODY_BYTES,
        256L * 1024 * 1024,
        64L * 1024 * 1024,
        2,
        5,
        ValidationLimits.DEFAULT,
        AccessPolicy.open(),
        null);
  }

  public CollectorConfig withPorts(int grpc, int http) {
    return new CollectorConfig(
        host,
        grpc,
        http,
        maxBodyBytes,
        maxInFlightBodyBytes,
        queueCapacityBytes,
        sinkWorkers,
        retryAfterSeconds,
        limits,
        access,
        tls);
  }

  public CollectorConfig withAccess(AccessPolicy newAccess) {
    return new CollectorConfig(
        host,
        grpcPort,
        httpPort,
        maxBodyBytes,
        maxInFlightBodyBytes,
        queueCapacityBytes,
        sinkWorkers,
        retryAfterSeconds,
        limits,
        newAccess,
        tls);
  }

  public CollectorConfig withQueueCapacity(long bytes) {
    return new CollectorConfig(
        host,
        grpcPort,
        httpPort,
        maxBodyBytes,
        maxInFlightBodyBytes,
        bytes,
        sinkWorkers,
        retryAfterSeconds,
        limits,
        access,
        tls);
  }

  public CollectorConfig withTls(Tls newTls) {
    return new CollectorConfig(
        host,
        grpcPort,
        httpPort,
        maxBodyBytes,
        maxInFlightBodyBytes,
        queueCapacityBytes,
        sinkWorkers,
        retryAfterSeconds,
        limits,
        access,
        newTls);
  }

  public CollectorConfig withMaxBodyBytes(int bytes) {
    return new CollectorConfig(
        host,
        grpcPort,
        httpPort,
        bytes,
        maxInFlightBodyBytes,
        queueCapacityBytes,
        sinkWorkers,
        retryAfterSeconds,
        limits,
        access,
        tls);
  }
}
