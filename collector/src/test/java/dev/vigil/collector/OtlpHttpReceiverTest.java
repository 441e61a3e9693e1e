package dev.vigil.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.vigil.model.Batch;
import dev.vigil.model.Tenant;
import dev.vigil.model.access.AccessPolicy;
import dev.vigil.model.sink.SinkException;
import dev.vigil.model.sink.TelemetrySink;
import dev.vigil.model.trace.Span;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** OTLP/HTTP behaviour on every path the specification defines, against a real listener. */
class OtlpHttpReceiverTest {
  private static final String PROTOBUF = "application/x-protobuf";

  @Test
  void acceptsProtobufAndAnswersWithAnEmptyExportResponse() throws Exception {
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      HttpResponse<byte[]> r =
          c.post("/v1/traces", PROTOBUF, OtlpSamples.validTraces(3).toByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
      assertThat(ExportTraceServiceResponse.parseFrom(r.body()).hasPartialSuccess()).isFalse();
      assertThat(c.spans.items()).extracting(Span::name).containsExactly("op-0", "op-1", "op-2");
      assertThat(c.spans.batches().get(0).tenant()).isEqualTo(Tenant.DEFAULT);
    }
  }

  /**
   * A body of hundreds of kilobytes arrives in many chunks, joined at the end: every record comes
   * through, in order, with its bytes intact.
   */
  @Test
  void aBodyOfManyChunksArrivesWhole() throws Exception {
    String[] bodies = new String[3000];
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] = "line " + i + " " + "x".repeat(i % 200);
    }
    byte[] request = OtlpSamples.logs(bodies).toByteArray();
    assertThat(request.length).isGreaterThan(300_000);
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      HttpResponse<byte[]> r = c.post("/v1/logs", PROTOBUF, request);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(c.logs.items()).extracting(l -> l.body()).containsExactly((Object[]) bodies);
    }
  }

  @Test
  void acceptsGzip() throws Exception {
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      HttpResponse<byte[]> r =
          c.post(
              "/v1/logs",
              PROTOBUF,
              gzip(OtlpSamples.logs("a", "b").toByteArray()),
              "Content-Encoding",
              "gzip");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(c.logs.items()).extracting(l -> l.body()).containsExactly("a", "b");
    }
  }

  @Test
  void acceptsOtlpJsonWithHexIdsAndEnumNames() throws Exception {
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      String json =
          """
          {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},
           "scopeSpans":[{"scope":{"name":"s"},"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C",
           "spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173","name":"get","kind":"SPAN_KIND_CLIENT",
           "startTimeUnixNano":"1544712660000000000","endTimeUnixNano":1544712661000000000,
           "attributes":[{"key":"n","value":{"intValue":"42"}}],"status":{"code":2},"unknownField":1}]}]}]}
          """;
      HttpResponse<byte[]> r =
          c.post("/v1/traces", "application/json", json.getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      Span span = c.spans.items().get(0);
      assertThat(span.traceId().toHex()).isEqualTo("5b8efff798038103d269b633813fc60c");
      assertThat(span.spanId()).isEqualTo(0xEEE19B7EC3C1B174L);
      assertThat(span.parentSpanId()).isEqualTo(0xEEE19B7EC3C1B173L);
      assertThat(span.kind()).isEqualTo(dev.vigil.model.trace.SpanKind.CLIENT);
      assertThat(span.startTimeUnixNano()).isEqualTo(1544712660000000000L);
      assertThat(span.endTimeUnixNano()).isEqualTo(1544712661000000000L);
      assertThat(span.attributes().get("n")).isEqualTo(42L);
      assertThat(span.status().code()).isEqualTo(dev.vigil.model.trace.StatusCode.ERROR);
    }
  }

  @Test
  void malformedProtobufIs400WithAStatusNamingTheProblem() throws Exception {
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      byte[] valid = OtlpSamples.validTraces(2).toByteArray();
      byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 7);
      HttpResponse<byte[]> r = c.post("/v1/traces", PROTOBUF, truncated);
      assertThat(r.statusCode()).isEqualTo(400);
      Status status = Status.parse(r.body());
      assertThat(status.code).isEqualTo(3);
      assertThat(status.message).isNotBlank();
      assertThat(c.spans.items()).isEmpty();
    }
  }

  @Test
  void invalidUtf8Is400NamingTheField() throws Exception {
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      byte[] body =
          OtlpSamples.traces(
                  OtlpSamples.span("UTF8MARK", OtlpSamples.id(16, 1), OtlpSamples.id(8, 1)))
              .toByteArray();
      byte[] marker = "UTF8MARK".getBytes(StandardCharsets.US_ASCII);
      int at = indexOf(body, marker);
      assertThat(at).isNotNegative();
      body[at] = (byte) 0xC3; // a lead byte followed by ASCII: not UTF-8
      HttpResponse<byte[]> r = c.post("/v1/traces", PROTOBUF, body);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(Status.parse(r.body()).message)
          .containsIgnoringCase("UTF-8")
          .contains("Span.name");
      assertThat(c.spans.items()).isEmpty();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void malformedJsonIs400WithTheLocation() throws Exception {
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      HttpResponse<byte[]> r =
          c.post(
              "/v1/metrics",
              "application/json",
              "{\"resourceMetrics\": [".getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).isEqualTo(400);
      String body = new String(r.body(), StandardCharsets.UTF_8);
      assertThat(body).contains("\"code\":3").contains("not valid JSON").contains("line 1");
      HttpResponse<byte[]> badId =
          c.post(
              "/v1/traces",
              "application/json",
              "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"not-hex\"}]}]}]}"
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(badId.statusCode()).isEqualTo(400);
      assertThat(new String(badId.body(), StandardCharsets.UTF_8))
          .contains("traceId must be hex-encoded");
      assertThat(c.metrics.items()).isEmpty();
      assertThat(c.spans.items()).isEmpty();
    }
  }

  @Test
  void unknownContentTypeIs415() throws Exception {
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      HttpResponse<byte[]> r =
          c.post("/v1/logs", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).isEqualTo(415);
      assertThat(new String(r.body(), StandardCharsets.UTF_8))
          .contains("text/plain")
          .contains("application/x-protobuf");
      HttpResponse<byte[]> brotli =
          c.post("/v1/logs", PROTOBUF, new byte[] {1}, "Content-Encoding", "br");
      assertThat(brotli.statusCode()).isEqualTo(415);
    }
  }

  @Test
  void oversizeBodyIs413() throws Exception {
    try (RunningCollector c =
        new RunningCollector(RunningCollector.defaults().withMaxBodyBytes(64 * 1024))) {
      HttpResponse<byte[]> r =
          c.post("/v1/traces", PROTOBUF, OtlpSamples.validTraces(2000).toByteArray());
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(Status.parse(r.body()).message).contains("65536");
      assertThat(c.spans.items()).isEmpty();
      // The server stays up and serves the next request.
      assertThat(
              c.post("/v1/traces", PROTOBUF, OtlpSamples.validTraces(1).toByteArray()).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void gzipBombIsStoppedAtTheLimit() throws Exception {
    try (RunningCollector c =
        new RunningCollector(RunningCollector.defaults().withMaxBodyBytes(1024 * 1024))) {
      // 512 MiB of zeros compress to about half a megabyte; decompressing must stop at 1 MiB.
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
        byte[] zeros = new byte[1 << 20];
        for (int i = 0; i < 512; i++) {
          gz.write(zeros);
        }
      }
      assertThat(bytes.size()).isLessThan(1024 * 1024);
      HttpResponse<byte[]> r =
          c.post("/v1/traces", PROTOBUF, bytes.toByteArray(), "Content-Encoding", "gzip");
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(Status.parse(r.body()).message).contains("after decompression");
    }
  }

  @Test
  void partialSuccessCountsRefusedSpansAndKeepsTheRest() throws Exception {
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      ExportTraceServiceRequest request =
          OtlpSamples.traces(
              OtlpSamples.span("good-1", OtlpSamples.id(16, 1), OtlpSamples.id(8, 1)),
              OtlpSamples.span("zero-trace", new byte[16], OtlpSamples.id(8, 2)),
              OtlpSamples.span("short-span-id", OtlpSamples.id(16, 3), OtlpSamples.id(5, 3)),
              OtlpSamples.span("good-2", OtlpSamples.id(16, 4), OtlpSamples.id(8, 4)));
      HttpResponse<byte[]> r = c.post("/v1/traces", PROTOBUF, request.toByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(r.body());
      assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(2);
      assertThat(response.getPartialSuccess().getErrorMessage())
          .contains("zero-trace")
          .contains("short-span-id");
      assertThat(c.spans.items()).extracting(Span::name).containsExactly("good-1", "good-2");

      String json = JsonFormat.printer().print(ExportTraceServiceResponse.parseFrom(r.body()));
      assertThat(json).contains("rejectedSpans");
    }
  }

  @Test
  void fullPipelineIs503WithRetryAfterAndNothingHalfWritten() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    BlockingSink blocking = new BlockingSink(entered, release);
    // Room for about one request: the second must be refused while the first waits for the store.
    byte[] body = OtlpSamples.validTraces(5).toByteArray();
    CollectorConfig config = RunningCollector.defaults().withQueueCapacity(body.length + 10);
    try (RunningCollector c = new RunningCollector(config, blocking)) {
      CompletableFuture<HttpResponse<byte[]>> first =
          CompletableFuture.supplyAsync(() -> {
            try {
              return c.post("/v1/traces", PROTOBUF, body);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      HttpResponse<byte[]> second = c.post("/v1/traces", PROTOBUF, body);
      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(second.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(Status.parse(second.body()).code).isEqualTo(14);
      // Refused before its body is decoded: a full pipeline spends no CPU on what it refuses, so
      // even a body that would be a 400 is only told to come back.
      byte[] malformed = java.util.Arrays.copyOf(body, body.length - 7);
      HttpResponse<byte[]> third = c.post("/v1/traces", PROTOBUF, malformed);
      assertThat(third.statusCode()).isEqualTo(503);
      assertThat(Status.parse(third.body()).message).contains("pipeline is full");
      assertThat(first).isNotDone();
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(blocking.appended).hasSize(1);
      assertThat(blocking.appended.get(0).itemCount()).isEqualTo(5);
    }
  }

  @Test
  void tenantComesFromTheHeaderAndIsValidated() throws Exception {
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      assertThat(
              c.post(
                      "/v1/logs",
                      PROTOBUF,
                      OtlpSamples.logs("x").toByteArray(),
                      "X-Scope-OrgID",
                      "team-a")
                  .statusCode())
          .isEqualTo(200);
      assertThat(c.logs.batches().get(0).tenant()).isEqualTo(new Tenant("team-a"));
      HttpResponse<byte[]> bad =
          c.post("/v1/logs", PROTOBUF, OtlpSamples.logs("y").toByteArray(), "X-Scope-OrgID", "a/b");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(Status.parse(bad.body()).message).contains("X-Scope-OrgID").contains("'/'");
      assertThat(c.logs.batches()).hasSize(1);
    }
  }

  @Test
  void tokensAreRequiredWhenConfiguredAndDecideTheTenant() throws Exception {
    AccessPolicy access =
        new AccessPolicy("X-Scope-OrgID", Map.of("s3cret-token", new Tenant("team-b")));
    try (RunningCollector c =
        new RunningCollector(RunningCollector.defaults().withAccess(access))) {
      byte[] body = OtlpSamples.logs("x").toByteArray();
      HttpResponse<byte[]> none = c.post("/v1/logs", PROTOBUF, body);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
      HttpResponse<byte[]> wrong =
          c.post("/v1/logs", PROTOBUF, body, "Authorization", "Bearer nope");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(new String(wrong.body(), StandardCharsets.UTF_8)).doesNotContain("nope");
      assertThat(c.logs.items()).isEmpty();
      HttpResponse<byte[]> ok =
          c.post(
              "/v1/logs",
              PROTOBUF,
              body,
              "Authorization",
              "Bearer s3cret-token",
              "X-Scope-OrgID",
              "someone-else");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(c.logs.batches().get(0).tenant()).isEqualTo(new Tenant("team-b"));
    }
  }

  @Test
  void unknownPathIs404AndGetIs405() throws Exception {
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults())) {
      assertThat(c.post("/v1/profiles", PROTOBUF, new byte[0]).statusCode()).isEqualTo(404);
      HttpResponse<String> get =
          c.http.send(
              java.net.http.HttpRequest.newBuilder(c.httpUri("/v1/traces")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(405);
      assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }
  }

  @Test
  void aFailingStoreIsAnsweredRetryableAndNotAsSuccess() throws Exception {
    TelemetrySink<Span> failing =
        batch -> {
          throw new SinkException("disk full", true);
        };
    try (RunningCollector c = new RunningCollector(RunningCollector.defaults(), failing)) {
      HttpResponse<byte[]> r =
          c.post("/v1/traces", PROTOBUF, OtlpSamples.validTraces(1).toByteArray());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(Status.parse(r.body()).message).contains("disk full");
    }
  }

  static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** A sink that holds the first append until released, to fill the pipeline deterministically. */
  static final class BlockingSink implements TelemetrySink<Span> {
    final java.util.List<Batch<Span>> appended = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountDownLatch entered;
    private final CountDownLatch release;

    BlockingSink(CountDownLatch entered, CountDownLatch release) {
      this.entered = entered;
      this.release = release;
    }

    @Override
    public void append(Batch<Span> batch) throws SinkException {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SinkException("interrupted", true);
      }
      appended.add(batch);
    }
  }

  /** google.rpc.Status, decoded by hand like the server encodes it. */
  static final class Status {
    int code;
    String message = "";

    static Status parse(byte[] body) throws Exception {
      com.google.protobuf.CodedInputStream in =
          com.google.protobuf.CodedInputStream.newInstance(body);
      Status s = new Status();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (tag >>> 3) {
          case 1 -> s.code = in.readInt32();
          case 2 -> s.message = in.readString();
          default -> in.skipField(tag);
        }
      }
      return s;
    }
  }
}
