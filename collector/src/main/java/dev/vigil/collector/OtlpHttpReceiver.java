package dev.vigil.collector;

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
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OTLP/HTTP: {@code POST /v1/traces}, {@code /v1/metrics}, {@code /v1/logs} with protobuf or JSON
 * bodies, optionally gzip-compressed, answered as the OTLP specification says: 200 with the export
 * response ({@code partial_success} when items were refused), 400 for an undecodable body, 401
 * without a valid token, 413 over the body limit, 415 for an unknown content type or encoding, 503
 * with {@code Retry-After} when the pipeline is full. Error bodies are {@code google.rpc.Status} in
 * the request's encoding.
 */
final class OtlpHttpReceiver {
  static final String PROTOCOL = "http";

  private final Vertx vertx;
  private final CollectorConfig config;
  private final ExportPipeline pipeline;
  private final CollectorMetrics metrics;
  private final AtomicLong inFlightBytes;
  private HttpServer server;

  OtlpHttpReceiver(
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
    HttpServerOptions options =
        ListenerOptions.of(
                config, config.httpPort(), List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
            .setDecompressionSupported(false)
            .setHandle100ContinueAutomatically(true);
    return vertx
        .createHttpServer(options)
        .requestHandler(this::handle)
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

  private void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    Signal signal =
        switch (request.path()) {
          case "/v1/traces" -> Signal.TRACES;
          case "/v1/metrics" -> Signal.METRICS;
          case "/v1/logs" -> Signal.LOGS;
          default -> null;
        };
    String contentType = request.getHeader("Content-Type");
    BodyFormat format = BodyFormat.forContentType(contentType);
    BodyFormat replyFormat = format == null ? BodyFormat.JSON : format;
    if (signal == null) {
      reject(
          request,
          replyFormat,
          404,
          5,
          "no OTLP endpoint at " + request.path() + "; use /v1/traces, /v1/metrics or /v1/logs");
      return;
    }
    if (request.method() != HttpMethod.POST) {
      request.response().putHeader("Allow", "POST");
      reject(
          request,
          replyFormat,
          405,
          12,
          request.method() + " is not allowed; OTLP/HTTP exports are POST requests");
      return;
    }
    AccessPolicy.Decision decision =
        config
            .access()
            .decide(
                request.getHeader("Authorization"),
                request.getHeader(config.access().tenantHeader()));
    Tenant tenant;
    switch (decision) {
      case AccessPolicy.Decision.Granted g -> tenant = g.tenant();
      case AccessPolicy.Decision.Unauthenticated u -> {
        request.response().putHeader("WWW-Authenticate", "Bearer realm=\"vigil\"");
        finish(signal, Outcome.UNAUTHENTICATED, start);
        reject(request, replyFormat, 401, 16, u.message());
        return;
      }
      case AccessPolicy.Decision.BadTenant b -> {
        finish(signal, Outcome.BAD_TENANT, start);
        reject(request, replyFormat, 400, 3, b.message());
        return;
      }
    }
    if (format == null) {
      finish(signal, Outcome.UNSUPPORTED_MEDIA_TYPE, start);
      reject(
          request,
          replyFormat,
          415,
          3,
          "unsupported Content-Type "
              + (contentType == null ? "(none)" : "'" + contentType + "'")
              + "; OTLP/HTTP takes application/x-protobuf or application/json");
      return;
    }
    String encoding = request.getHeader("Content-Encoding");
    boolean gzip;
    if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
      gzip = false;
    } else if (encoding.strip().toLowerCase(Locale.ROOT).equals("gzip")) {
      gzip = true;
    } else {
      finish(signal, Outcome.UNSUPPORTED_MEDIA_TYPE, start);
      reject(
          request,
          format,
          415,
          3,
          "unsupported Content-Encoding '" + encoding + "'; use gzip or none");
      return;
    }
    String length = request.getHeader("Content-Length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.strip());
      } catch (NumberFormatException e) {
        declared = -1;
      }
      if (declared > config.maxBodyBytes()) {
        finish(signal, Outcome.TOO_LARGE, start);
        reject(
            request,
            format,
            413,
            8,
            new BodyTooLargeException(config.maxBodyBytes(), false).getMessage());
        return;
      }
    }
    new BodyReader(request, signal, tenant, format, gzip, start).read();
  }

  /**
   * Collects one request body within the body and in-flight limits, then runs it through the
   * pipeline.
   */
  private final class BodyReader {
    private final HttpServerRequest request;
    private final Signal signal;
    private final Tenant tenant;
    private final BodyFormat format;
    private final boolean gzip;
    private final long start;
    private final Context context;

    /**
     * The body's chunks as they came, joined once at the end: appending them to one buffer grew it
     * by doubling, and copying it out made a third copy, a fifth of the server's allocation on
     * logs-ingest (2026-12-07 14:40 UTC profile, log-index/README.md).
     */
    private List<Buffer> body = new java.util.ArrayList<>();

    private int bodyBytes;
    private long reserved;
    private boolean failed;

    BodyReader(
        HttpServerRequest request,
        Signal signal,
        Tenant tenant,
        BodyFormat format,
        boolean gzip,
        long start) {
      this.request = request;
      this.signal = signal;
      this.tenant = tenant;
      this.format = format;
      this.gzip = gzip;
      this.start = start;
      this.context = vertx.getOrCreateContext();
    }

    void read() {
      request.handler(this::chunk);
      request.endHandler(v -> end());
      request.exceptionHandler(e -> release());
    }

    private void chunk(Buffer chunk) {
      if (failed) {
        return;
      }
      reserve(chunk.length());
      if ((long) bodyBytes + chunk.length() > config.maxBodyBytes()) {
        fail(
            Outcome.TOO_LARGE,
            413,
            8,
            new BodyTooLargeException(config.maxBodyBytes(), false).getMessage());
        return;
      }
      if (inFlightBytes.get() > config.maxInFlightBodyBytes()) {
        request.response().putHeader("Retry-After", Integer.toString(config.retryAfterSeconds()));
        fail(Outcome.PIPELINE_FULL, 503, 14, "too many request bytes in flight; retry later");
        return;
      }
      body.add(chunk);
      bodyBytes += chunk.length();
    }

    private void reserve(long n) {
      reserved += n;
      inFlightBytes.addAndGet(n);
    }

    private void release() {
      inFlightBytes.addAndGet(-reserved);
      reserved = 0;
      body = null;
    }

    private void fail(Outcome outcome, int status, int grpcCode, String message) {
      failed = true;
      release();
      finish(signal, outcome, start);
      HttpServerResponse response = request.response();
      if (request.version() != HttpVersion.HTTP_2) {
        // The rest of the body will not be read: the connection cannot be reused.
        response.putHeader("Connection", "close");
      }
      reply(request, format, status, ExportResponses.status(grpcCode, message, format))
          .onComplete(ignored -> {
            if (request.version() != HttpVersion.HTTP_2) {
              request.connection().close();
            }
          });
    }

    private void end() {
      if (failed) {
        return;
      }
      byte[] bytes = new byte[bodyBytes];
      int at = 0;
      for (Buffer chunk : body) {
        chunk.getBytes(0, chunk.length(), bytes, at);
        at += chunk.length();
      }
      try {
        byte[] decoded =
            gzip ? GzipBody.gunzip(bytes, 0, bytes.length, config.maxBodyBytes()) : bytes;
        pipeline
            .export(signal, tenant, format, decoded, 0, decoded.length)
            .whenComplete((result, error) -> context.runOnContext(v -> answer(result, error)));
      } catch (MalformedOtlpException e) {
        finish(signal, Outcome.MALFORMED, start);
        reply(request, format, 400, ExportResponses.status(3, e.getMessage(), format));
      } catch (BodyTooLargeException e) {
        finish(signal, Outcome.TOO_LARGE, start);
        reply(request, format, 413, ExportResponses.status(8, e.getMessage(), format));
      } catch (PipelineFullException e) {
        finish(signal, Outcome.PIPELINE_FULL, start);
        request.response().putHeader("Retry-After", Integer.toString(config.retryAfterSeconds()));
        reply(request, format, 503, ExportResponses.status(14, e.getMessage(), format));
      } finally {
        release();
      }
    }

    private void answer(ExportResult result, Throwable error) {
      if (error == null) {
        metrics.items(signal, result.accepted(), result.rejected());
        finish(signal, result.rejected() > 0 ? Outcome.PARTIAL : Outcome.SUCCESS, start);
        reply(
            request,
            format,
            200,
            ExportResponses.encode(ExportResponses.success(signal, result), format));
        return;
      }
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      boolean retryable = !(cause instanceof SinkException se) || se.retryable();
      finish(signal, Outcome.STORE_FAILED, start);
      if (retryable) {
        request.response().putHeader("Retry-After", Integer.toString(config.retryAfterSeconds()));
      }
      reply(
          request,
          format,
          retryable ? 503 : 500,
          ExportResponses.status(
              retryable ? 14 : 13,
              "the " + signal.label() + " store did not take the data: " + cause.getMessage(),
              format));
    }
  }

  private void finish(Signal signal, Outcome outcome, long start) {
    metrics.request(signal, PROTOCOL, outcome, start);
  }

  private static Future<Void> reply(
      HttpServerRequest request, BodyFormat format, int status, byte[] body) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return Future.succeededFuture();
    }
    return response
        .setStatusCode(status)
        .putHeader("Content-Type", format.contentType)
        .end(Buffer.buffer(body));
  }

  /**
   * Answers before the body was read. Over HTTP/1.x a body that will not be read makes the
   * connection unusable, so it is closed after the answer; HTTP/2 just discards the stream's data.
   */
  private static void reject(
      HttpServerRequest request, BodyFormat format, int status, int grpcCode, String message) {
    request.handler(ignored -> {});
    boolean closeAfter = request.version() != HttpVersion.HTTP_2 && !request.isEnded();
    if (closeAfter) {
      request.response().putHeader("Connection", "close");
    }
    reply(request, format, status, ExportResponses.status(grpcCode, message, format))
        .onComplete(ignored -> {
          if (closeAfter) {
            request.connection().close();
          }
        });
  }
}
