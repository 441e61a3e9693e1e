package dev.vigil.server.loki;

import dev.vigil.logindex.LogIndex;
import dev.vigil.model.Batch;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.sink.SinkException;
import dev.vigil.server.http.RequestTenant;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Locale;

/**
 * Loki's push API, so existing Loki clients can ship to Vigil: {@code application/json} and
 * snappy-compressed {@code application/x-protobuf} (what Promtail and Grafana Alloy send; a missing
 * content type is taken as protobuf, as Loki does), decoded by {@link LokiPushDecoder}, stored
 * through the same sink as OTLP logs, so the 204 means durable. A body that cannot be decoded is a
 * 400 naming the problem; a tenant over its ingest rate a 503 (retryable) — Loki answers 429 there,
 * but 503 is what Vigil's collector answers for the same condition, and both make Promtail retry.
 */
@Controller("/loki/api/v1")
@Requires(beans = LogIndex.class)
@ExecuteOn(TaskExecutors.BLOCKING)
final class LokiPushController {
  private final LogIndex logs;

  LokiPushController(LogIndex logs) {
    this.logs = logs;
  }

  @Post(uri = "/push", processes = MediaType.ALL)
  @Consumes(MediaType.ALL)
  HttpResponse<String> push(
      HttpRequest<?> request,
      @Body byte[] body,
      @Nullable @Header("Content-Type") String contentType,
      @Nullable @Header("Content-Encoding") String encoding) {
    String type =
        contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].strip();
    long now = System.currentTimeMillis() * 1_000_000L;
    List<ResourceGroup<LogRecord>> groups;
    try {
      if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("snappy")) {
        throw new LokiPushException(
            415,
            "unsupported Content-Encoding '"
                + encoding
                + "'; send JSON uncompressed or protobuf snappy-compressed");
      }
      groups =
          switch (type) {
            case "application/json" -> LokiPushDecoder.json(body == null ? new byte[0] : body, now);
            case "", "application/x-protobuf", "application/octet-stream" ->
                LokiPushDecoder.protobuf(body == null ? new byte[0] : body, now);
            default ->
                throw new LokiPushException(
                    415,
                    "unsupported Content-Type '"
                        + contentType
                        + "'; Loki pushes are application/json or application/x-protobuf (snappy)");
          };
    } catch (LokiPushException e) {
      return HttpResponse.<String>status(HttpStatus.valueOf(e.status()))
          .contentType(MediaType.TEXT_PLAIN_TYPE)
          .body(e.getMessage());
    }
    try {
      logs.sink().append(new Batch<>(RequestTenant.of(request), groups));
      return HttpResponse.noContent();
    } catch (SinkException e) {
      return HttpResponse.<String>status(
              e.retryable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_REQUEST)
          .contentType(MediaType.TEXT_PLAIN_TYPE)
          .body(e.getMessage());
    }
  }
}
