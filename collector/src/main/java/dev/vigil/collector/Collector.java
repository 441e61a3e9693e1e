package dev.vigil.collector;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The collector's public face: starts the OTLP/gRPC and OTLP/HTTP receivers on a Vert.x instance
 * the caller owns, feeding one {@link FanOut}. {@link #stop} closes the listeners first, so nothing
 * new arrives while the fan-out drains.
 */
public final class Collector {
  private final Vertx vertx;
  private final CollectorConfig config;
  private final OtlpGrpcReceiver grpc;
  private final OtlpHttpReceiver http;
  private int grpcPort = -1;
  private int httpPort = -1;

  public Collector(
      Vertx vertx, CollectorConfig config, FanOut fanOut, CollectorMetrics metrics, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    ExportPipeline pipeline =
        new ExportPipeline(fanOut, new BatchValidator(config.limits(), clock));
    // One in-flight budget for both protocols: it bounds request bytes held before they are queued.
    AtomicLong inFlightBytes = new AtomicLong();
    this.grpc = new OtlpGrpcReceiver(vertx, config, pipeline, metrics, inFlightBytes);
    this.http = new OtlpHttpReceiver(vertx, config, pipeline, metrics, inFlightBytes);
  }

  /** Binds both listeners; blocks until they are up or one failed (then both are closed). */
  public void start() throws Exception {
    try {
      grpcPort = grpc.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      httpPort = http.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      stop();
      throw new IllegalStateException(
          "cannot listen for OTLP on "
              + config.host()
              + " (gRPC port "
              + config.grpcPort()
              + ", HTTP port "
              + config.httpPort()
              + "): "
              + e.getMessage(),
          e);
    }
  }

  /** The bound OTLP/gRPC port (the real one when configured as 0). */
  public int grpcPort() {
    return grpcPort;
  }

  /** The bound OTLP/HTTP port (the real one when configured as 0). */
  public int httpPort() {
    return httpPort;
  }

  public boolean isListening() {
    return grpcPort > 0 && httpPort > 0;
  }

  /** Closes both listeners; in-flight requests are answered by the fan-out as it drains. */
  public void stop() throws Exception {
    Future.join(grpc.stop(), http.stop())
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  Vertx vertx() {
    return vertx;
  }
}
