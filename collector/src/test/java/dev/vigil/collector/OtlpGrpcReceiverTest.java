package dev.vigil.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.access.AccessPolicy;
import dev.vigil.model.trace.Span;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** OTLP/gRPC status codes on every path, with a real gRPC client over HTTP/2. */
class OtlpGrpcReceiverTest {
  private static final String TRACE_EXPORT =
      "opentelemetry.proto.collector.trace.v1.TraceService/Export";

  record Reply(GrpcStatus status, String message, Buffer body) {}

  private static Reply call(RunningCollector c, String method, byte[] body, String... headers)
      throws Exception {
    GrpcClient client = GrpcClient.client(c.vertx);
    try {
      GrpcClientRequest<Buffer, Buffer> request =
          client
              .request(SocketAddress.inetSocketAddress(c.collector.grpcPort(), "127.0.0.1"))
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      request.fullMethodName(method);
      for (int i = 0; i < headers.length; i += 2) {
        request.headers().set(headers[i], headers[i + 1]);
      }
      request.end(Buffer.buffer(body));
      // Handlers are set inside the callback, on the event loop, before any message can arrive.
      return request
          .response()
          .compose(response -> {
            Buffer received = Buffer.buffer();
            response.handler(received::appendBuffer);
            return response
                .end()
                .transform(ended ->
                    io.vertx.core.Future.succeededFuture(
                        new Reply(response.status(), response.statusMessage(), received)));
          })
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }

  @Test
  void acceptsAnExport() throws Exception {
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      Reply r =
          call(
              c, TRACE_EXPORT, OtlpSamples.validTraces(2).toByteArray(), "x-scope-orgid", "team-g");
      assertThat(r.status()).isEqualTo(GrpcStatus.OK);
      assertThat(ExportTraceServiceResponse.parseFrom(r.body().getBytes()).hasPartialSuccess())
          .isFalse();
      assertThat(c.spans.items()).extracting(Span::name).containsExactly("op-0", "op-1");
      assertThat(c.spans.batches().get(0).tenant()).isEqualTo(new Tenant("team-g"));
    }
  }

  @Test
  void malformedMessageIsInvalidArgument() throws Exception {
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      Reply r = call(c, TRACE_EXPORT, new byte[] {0x0A, 0x7F, 0x01});
      assertThat(r.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(r.message()).isNotBlank();
      assertThat(c.spans.items()).isEmpty();
    }
  }

  @Test
  void partialSuccessIsReported() throws Exception {
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      byte[] body =
          OtlpSamples.traces(
                  OtlpSamples.span("ok", OtlpSamples.id(16, 1), OtlpSamples.id(8, 1)),
                  OtlpSamples.span("bad", OtlpSamples.id(16, 2), new byte[8]))
              .toByteArray();
      Reply r = call(c, TRACE_EXPORT, body);
      assertThat(r.status()).isEqualTo(GrpcStatus.OK);
      ExportTraceServiceResponse response =
          ExportTraceServiceResponse.parseFrom(r.body().getBytes());
      assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
      assertThat(c.spans.items()).extracting(Span::name).containsExactly("ok");
    }
  }

  @Test
  void oversizeMessageIsResourceExhausted() throws Exception {
    try (RunningCollector c =
        new RunningCollector(RunningCollector.defaults().withMaxBodyBytes(16 * 1024))) {
      Reply r = call(c, TRACE_EXPORT, OtlpSamples.validTraces(1000).toByteArray());
      assertThat(r.status()).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
      assertThat(c.spans.items()).isEmpty();
    }
  }

  @Test
  void unknownMethodIsUnimplemented() throws Exception {
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      Reply r =
          call(
              c,
              "opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export",
              new byte[0]);
      assertThat(r.status()).isEqualTo(GrpcStatus.UNIMPLEMENTED);
    }
  }

  @Test
  void fullPipelineIsUnavailable() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    OtlpHttpReceiverTest.BlockingSink blocking =
        new OtlpHttpReceiverTest.BlockingSink(entered, release);
    byte[] body = OtlpSamples.validTraces(3).toByteArray();
    try (RunningCollector c =
        new RunningCollector(
            RunningCollector.defaults().withQueueCapacity(body.length + 10), blocking)) {
      var first =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
              return call(c, TRACE_EXPORT, body);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      Reply second = call(c, TRACE_EXPORT, body);
      assertThat(second.status()).isEqualTo(GrpcStatus.UNAVAILABLE);
      assertThat(second.message()).contains("full");
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(GrpcStatus.OK);
      assertThat(blocking.appended).hasSize(1);
    }
  }

  @Test
  void tokensAreRequiredWhenConfigured() throws Exception {
    AccessPolicy access =
        new AccessPolicy("X-Scope-OrgID", Map.of("grpc-token", new Tenant("team-c")));
    try (RunningCollector c =
        new RunningCollector(RunningCollector.defaults().withAccess(access))) {
      byte[] body = OtlpSamples.validTraces(1).toByteArray();
      assertThat(call(c, TRACE_EXPORT, body).status()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
      assertThat(c.spans.items()).isEmpty();
      Reply ok = call(c, TRACE_EXPORT, body, "authorization", "Bearer grpc-token");
      assertThat(ok.status()).isEqualTo(GrpcStatus.OK);
      assertThat(c.spans.batches().get(0).tenant()).isEqualTo(new Tenant("team-c"));
    }
  }
}
