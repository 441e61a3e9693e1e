package dev.vigil.collector;

import com.google.protobuf.Message;
import dev.vigil.collector.CollectorMetrics.Outcome;
import dev.vigil.collector.otlp.MalformedOtlpException;
import dev.vigil.model.Tenant;
import dev.vigil.model.access.AccessPolicy;
import dev.vigil.model.sink.Signal;
import dev.vigil.model.sink.SinkException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.WireFormat;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OTLP/gRPC: the {@code Export} methods of {@code
 * opentelemetry.proto.collector.{trace,metrics,logs}.v1} over HTTP/2. Messages are taken raw and
 * decompressed here, within the body limit, rather than by Vert.x, whose gzip decoding has no
 * bound. Status codes as the OTLP specification says: INVALID_ARGUMENT for an undecodable message,
 * UNAUTHENTICATED without a valid token, RESOURCE_EXHAUSTED over the size limit, UNAVAILABLE when
 * the pipeline is full (the SDKs retry it).
 */
final class OtlpGrpcReceiver {
  static final String PROTOCOL = "grpc";

  private final Vertx vertx;
  private final CollectorConfig config;
  private final ExportPipeline pipeline;
  private final CollectorMetrics metrics;
  private final AtomicLong inFlightBytes;
  private HttpServer server;

  OtlpGrpcReceiver(
      Vertx vertx,
      CollectorConfig config,
      ExportPipeline pipeline,
      CollectorMetrics metrics,
      AtomicLong inFlightBytes) {
    this.vertx = vertx;
    this.config = config;
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.inFlightBytes = inFlightBytes;
  }

  Future<Integer> start() {
    GrpcServer grpc =
        GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(config.maxBodyBytes()));
    grpc.callHandler(this::handle);
    HttpServerOptions options =
        ListenerOptions.of(config, config.grpcPort(), List.of(HttpVersion.HTTP_2))
            .setHttp2ClearTextEnabled(true);
    return vertx
        .createHttpServer(options)
        .requestHandler(grpc)
        .listen()
        .map(s -> {
          server = s;
          return s.actualPort();
        });
  }

  Future<Void> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  private void handle(GrpcServerRequest<Buffer, Buffer> request) {
    long start = System.nanoTime();
    GrpcServerResponse<Buffer, Buffer> response = request.response();
    Signal signal =
        switch (request.fullMethodName()) {
          case "opentelemetry.proto.collector.trace.v1.TraceService/Export" -> Signal.TRACES;
          case "opentelemetry.proto.collector.metrics.v1.MetricsService/Export" -> Signal.METRICS;
          case "opentelemetry.proto.collector.logs.v1.LogsService/Export" -> Signal.LOGS;
          default -> null;
        };
    if (signal == null) {
      response
          .status(GrpcStatus.UNIMPLEMENTED)
          .statusMessage("unknown method " + request.fullMethodName())
          .end();
      return;
    }
    AccessPolicy.Decision decision =
        config
            .access()
            .decide(
                request.headers().get("authorization"),
                request.headers().get(config.access().tenantHeader()));
    Tenant tenant;
    switch (decision) {
      case AccessPolicy.Decision.Granted g -> tenant = g.tenant();
      case AccessPolicy.Decision.Unauthenticated u -> {
        finish(signal, Outcome.UNAUTHENTICATED, start);
        fail(response, GrpcStatus.UNAUTHENTICATED, u.message());
        return;
      }
      case AccessPolicy.Decision.BadTenant b -> {
        finish(signal, Outcome.BAD_TENANT, start);
        fail(response, GrpcStatus.INVALID_ARGUMENT, b.message());
        return;
      }
    }
    Context context = vertx.getOrCreateContext();
    AtomicBoolean answering = new AtomicBoolean();
    request.invalidMessageHandler(invalid -> {
      if (!answering.compareAndSet(false, true)) {
        return;
      }
      finish(signal, Outcome.TOO_LARGE, start);
      fail(
          response,
          GrpcStatus.RESOURCE_EXHAUSTED,
          "message rejected: "
              + invalid.getMessage()
              + " (limit "
              + config.maxBodyBytes()
              + " bytes)");
    });
    request.exceptionHandler(e -> {});
    request.messageHandler(
        message -> onMessage(signal, tenant, message, response, context, start, answering));
  }

  private void onMessage(
      Signal signal,
      Tenant tenant,
      GrpcMessage message,
      GrpcServerResponse<Buffer, Buffer> response,
      Context context,
      long start,
      AtomicBoolean answering) {
    if (!answering.compareAndSet(false, true)) {
      return; // Export is unary: a second message on the stream is ignored.
    }
    BodyFormat format = message.format() == WireFormat.JSON ? BodyFormat.JSON : BodyFormat.PROTOBUF;
    long reserved = message.payload().length();
    // The same in-flight budget as OTLP/HTTP: decoding many large messages at once is refused
    // rather than allowed to fill the heap.
    long after = inFlightBytes.addAndGet(reserved);
    if (after > config.maxInFlightBodyBytes() && after != reserved) {
      inFlightBytes.addAndGet(-reserved);
      finish(signal, Outcome.PIPELINE_FULL, start);
      fail(response, GrpcStatus.UNAVAILABLE, "too many request bytes in flight; retry later");
      return;
    }
    byte[] bytes = message.payload().getBytes();
    try {
      byte[] body =
          switch (message.encoding()) {
            case "identity" -> bytes;
            case "gzip" -> GzipBody.gunzip(bytes, 0, bytes.length, config.maxBodyBytes());
            default ->
                throw new MalformedOtlpException(
                    "unsupported grpc-encoding '" + message.encoding() + "'");
          };
      pipeline
          .export(signal, tenant, format, body, 0, body.length)
          .whenComplete((result, error) ->
              context.runOnContext(v -> answer(signal, format, response, result, error, start)));
    } catch (MalformedOtlpException e) {
      finish(signal, Outcome.MALFORMED, start);
      fail(response, GrpcStatus.INVALID_ARGUMENT, e.getMessage());
    } catch (BodyTooLargeException e) {
      finish(signal, Outcome.TOO_LARGE, start);
      fail(response, GrpcStatus.RESOURCE_EXHAUSTED, e.getMessage());
    } catch (PipelineFullException e) {
      finish(signal, Outcome.PIPELINE_FULL, start);
      fail(response, GrpcStatus.UNAVAILABLE, e.getMessage());
    } finally {
      inFlightBytes.addAndGet(-reserved);
    }
  }

  private void answer(
      Signal signal,
      BodyFormat format,
      GrpcServerResponse<Buffer, Buffer> response,
      ExportResult result,
      Throwable error,
      long start) {
    if (error == null) {
      metrics.items(signal, result.accepted(), result.rejected());
      finish(signal, result.rejected() > 0 ? Outcome.PARTIAL : Outcome.SUCCESS, start);
      Message reply = ExportResponses.success(signal, result);
      response.send(Buffer.buffer(ExportResponses.encode(reply, format)));
      return;
    }
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    boolean retryable = !(cause instanceof SinkException se) || se.retryable();
    finish(signal, Outcome.STORE_FAILED, start);
    fail(
        response,
        retryable ? GrpcStatus.UNAVAILABLE : GrpcStatus.INTERNAL,
        "the " + signal.label() + " store did not take the data: " + cause.getMessage());
  }

  private void finish(Signal signal, Outcome outcome, long start) {
    metrics.request(signal, PROTOCOL, outcome, start);
  }

  private static void fail(
      GrpcServerResponse<Buffer, Buffer> response, GrpcStatus status, String message) {
    response.status(status).statusMessage(message).end();
  }
}
