package dev.vigil.server.loki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.logindex.LogIndex;
import dev.vigil.model.Attributes;
import dev.vigil.model.Batch;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.Scope;
import dev.vigil.model.ScopeGroup;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Loki's push API in its JSON form ({@code {"streams": [{"stream": {labels}, "values": [["<ns>",
 * "line"], …]}]}}), so existing Loki clients can ship to Vigil: each stream becomes a resource
 * whose attributes are the stream's labels, each value a log record, stored through the same sink
 * as OTLP logs (durable before the 204). The snappy-protobuf form is not taken yet and is refused
 * with 415.
 */
@Controller("/loki/api/v1")
@Requires(beans = LogIndex.class)
@ExecuteOn(TaskExecutors.BLOCKING)
final class LokiPushController {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LogIndex logs;

  LokiPushController(LogIndex logs) {
    this.logs = logs;
  }

  @Post(uri = "/push", processes = MediaType.ALL)
  @Consumes(MediaType.ALL)
  HttpResponse<String> push(
      HttpRequest<?> request,
      @Body byte[] body,
      @Nullable @Header("Content-Type") String contentType) {
    if (contentType == null
        || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      return HttpResponse.<String>status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
          .body(
              "Vigil takes Loki pushes as application/json; snappy protobuf is not supported yet (got "
                  + contentType
                  + ")");
    }
    List<ResourceGroup<LogRecord>> groups = new ArrayList<>();
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode streams = root == null ? null : root.get("streams");
      if (streams == null || !streams.isArray()) {
        return HttpResponse.badRequest("body must be {\"streams\": [...]}");
      }
      long now = System.currentTimeMillis() * 1_000_000L;
      for (JsonNode s : streams) {
        Attributes.Builder labels = Attributes.builder();
        Iterator<Map.Entry<String, JsonNode>> fields = s.path("stream").fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> f = fields.next();
          labels.put(f.getKey(), f.getValue().asText());
        }
        List<LogRecord> records = new ArrayList<>();
        for (JsonNode v : s.path("values")) {
          if (!v.isArray() || v.size() < 2) {
            return HttpResponse.badRequest("each value must be [\"<unix ns>\", \"<line>\"]");
          }
          long ts = Long.parseLong(v.get(0).asText());
          records.add(
              new LogRecord(
                  ts, now, 0, "", v.get(1).asText(), Attributes.EMPTY, 0, 0, null, 0, ""));
        }
        groups.add(
            new ResourceGroup<>(
                new Resource(labels.build(), 0, ""),
                List.of(new ScopeGroup<>(Scope.EMPTY, records))));
      }
    } catch (IOException | NumberFormatException e) {
      return HttpResponse.badRequest("body is not a valid Loki push request: " + e.getMessage());
    }
    try {
      logs.sink().append(new Batch<>(RequestTenant.of(request), groups));
      return HttpResponse.noContent();
    } catch (SinkException e) {
      return HttpResponse.<String>status(
              e.retryable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_REQUEST)
          .body(e.getMessage());
    }
  }
}
