package dev.vigil.server.jaeger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.server.http.RequestTenant;
import dev.vigil.tracestore.InvalidQueryException;
import dev.vigil.tracestore.Operation;
import dev.vigil.tracestore.Trace;
import dev.vigil.tracestore.TraceSearch;
import dev.vigil.tracestore.TraceStore;
import dev.vigil.tracestore.TraceSummary;
import dev.vigil.tracestore.derived.DependencyEdge;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jaeger's query API ({@code /api/services}, {@code /api/services/{service}/operations}, {@code
 * /api/operations}, {@code /api/traces/{id}}, {@code /api/traces}, {@code /api/dependencies}) and
 * Vigil's TraceQL search {@code /api/v1/traces/search?q=}. Envelope {@code {"data", "total",
 * "limit", "offset", "errors"}} as Jaeger's; times in microseconds, durations as Go durations.
 */
@Controller
@Requires(beans = TraceStore.class)
@ExecuteOn(TaskExecutors.BLOCKING)
final class JaegerApiController {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TraceStore store;

  JaegerApiController(TraceStore store) {
    this.store = store;
  }

  @Get("/api/services")
  HttpResponse<String> services(HttpRequest<?> request) throws IOException {
    return ok(store.services(RequestTenant.of(request)));
  }

  @Get("/api/services/{service}/operations")
  HttpResponse<String> serviceOperations(HttpRequest<?> request, @PathVariable String service)
      throws IOException {
    return ok(
        store.operations(RequestTenant.of(request), service).stream()
            .map(Operation::name)
            .distinct()
            .toList());
  }

  @Get("/api/operations")
  HttpResponse<String> operations(
      HttpRequest<?> request, @QueryValue String service, @Nullable @QueryValue String spanKind)
      throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Operation o : store.operations(RequestTenant.of(request), service)) {
      String kind = o.kind().name().toLowerCase(java.util.Locale.ROOT);
      if (spanKind == null || spanKind.isEmpty() || spanKind.equalsIgnoreCase(kind)) {
        out.add(Map.of("name", o.name(), "spanKind", kind.equals("unspecified") ? "" : kind));
      }
    }
    return ok(out);
  }

  @Get("/api/traces/{traceId}")
  HttpResponse<String> trace(HttpRequest<?> request, @PathVariable String traceId)
      throws IOException {
    TraceId id;
    try {
      id = TraceId.fromHex(leftPad(traceId));
    } catch (IllegalArgumentException e) {
      return error(HttpStatus.BAD_REQUEST, "invalid trace id '" + traceId + "': " + e.getMessage());
    }
    Optional<Trace> trace = store.traceById(RequestTenant.of(request), id);
    if (trace.isEmpty() || trace.get().isEmpty()) {
      return error(HttpStatus.NOT_FOUND, "trace not found");
    }
    return ok(List.of(JaegerJson.trace(trace.get())));
  }

  @Get("/api/traces")
  HttpResponse<String> search(
      HttpRequest<?> request,
      @Nullable @QueryValue String service,
      @Nullable @QueryValue String operation,
      @Nullable @QueryValue String tags,
      @Nullable @QueryValue String minDuration,
      @Nullable @QueryValue String maxDuration,
      @Nullable @QueryValue Long start,
      @Nullable @QueryValue Long end,
      @Nullable @QueryValue Integer limit)
      throws IOException {
    Tenant tenant = RequestTenant.of(request);
    long endUs = end == null ? System.currentTimeMillis() * 1000 : end;
    long startUs = start == null ? endUs - 3_600_000_000L : start;
    Map<String, String> tagMap = new LinkedHashMap<>();
    try {
      if (tags != null && !tags.isBlank()) {
        JSON.readTree(tags)
            .fields()
            .forEachRemaining(e -> tagMap.put(e.getKey(), e.getValue().asText()));
      }
      TraceSearch search =
          TraceSearch.jaeger(
              service,
              operation,
              tagMap,
              duration(minDuration),
              duration(maxDuration),
              startUs * 1000,
              endUs * 1000,
              limit == null || limit <= 0 ? 20 : Math.min(limit, TraceSearch.MAX_LIMIT));
      return traces(tenant, store.search(tenant, search));
    } catch (JsonProcessingException e) {
      return error(
          HttpStatus.BAD_REQUEST,
          "tags must be a JSON object such as {\"http.status_code\":\"500\"}: "
              + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
  }

  /**
   * A whole trace as OTLP/JSON ({@code {"resourceSpans": [...]}}) for the dashboard and OTLP tools.
   */
  @Get("/api/v1/traces/{traceId}")
  HttpResponse<String> otlpTrace(HttpRequest<?> request, @PathVariable String traceId)
      throws IOException {
    TraceId id;
    try {
      id = TraceId.fromHex(leftPad(traceId));
    } catch (IllegalArgumentException e) {
      return HttpResponse.<String>status(HttpStatus.BAD_REQUEST)
          .body(
              write(
                  Map.of(
                      "status",
                      "error",
                      "errorType",
                      "bad_data",
                      "error",
                      "invalid trace id '" + traceId + "': " + e.getMessage())))
          .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
    Optional<Trace> trace = store.traceById(RequestTenant.of(request), id);
    if (trace.isEmpty() || trace.get().isEmpty()) {
      return HttpResponse.<String>status(HttpStatus.NOT_FOUND)
          .body(
              write(
                  Map.of(
                      "status",
                      "error",
                      "errorType",
                      "not_found",
                      "error",
                      "trace " + traceId + " not found")))
          .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
    return HttpResponse.ok(write(OtlpTraceJson.of(trace.get())))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  /**
   * TraceQL: {@code /api/v1/traces/search?q={ resource.service.name = "checkout" && duration > 2s
   * }&start=&end=&limit=}.
   */
  @Get("/api/v1/traces/search")
  HttpResponse<String> traceQl(
      HttpRequest<?> request,
      @QueryValue String q,
      @Nullable @QueryValue Long start,
      @Nullable @QueryValue Long end,
      @Nullable @QueryValue Integer limit)
      throws IOException {
    Tenant tenant = RequestTenant.of(request);
    long endNs = end == null ? System.currentTimeMillis() * 1_000_000L : end * 1_000_000_000L;
    long startNs = start == null ? endNs - 3_600_000_000_000L : start * 1_000_000_000L;
    try {
      List<TraceSummary> found =
          store.search(
              tenant,
              TraceSearch.traceQl(
                  q,
                  startNs,
                  endNs,
                  limit == null || limit <= 0 ? 20 : Math.min(limit, TraceSearch.MAX_LIMIT)));
      List<Map<String, Object>> out = new ArrayList<>();
      for (TraceSummary s : found) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("traceID", s.traceId().toHex());
        m.put("rootServiceName", s.rootServiceName());
        m.put("rootTraceName", s.rootSpanName());
        m.put("startTimeUnixNano", Long.toString(s.startTimeUnixNano()));
        m.put("durationMs", s.durationNanos() / 1_000_000.0);
        m.put("spanCount", s.spanCount());
        m.put("errorCount", s.errorCount());
        out.add(m);
      }
      return ok(out);
    } catch (InvalidQueryException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
  }

  @Get("/api/dependencies")
  HttpResponse<String> dependencies(
      HttpRequest<?> request, @Nullable @QueryValue Long endTs, @Nullable @QueryValue Long lookback)
      throws IOException {
    long endMs = endTs == null ? System.currentTimeMillis() : endTs;
    long lookbackMs = lookback == null ? 3_600_000L : lookback;
    List<Map<String, Object>> out = new ArrayList<>();
    for (DependencyEdge e :
        store.dependencies(
            RequestTenant.of(request), (endMs - lookbackMs) * 1_000_000L, endMs * 1_000_000L)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("parent", e.parent());
      m.put("child", e.child());
      m.put("callCount", e.callCount());
      m.put("errorCount", e.errorCount());
      m.put("p50Micros", e.p50Nanos() / 1000);
      m.put("p95Micros", e.p95Nanos() / 1000);
      out.add(m);
    }
    return ok(out);
  }

  private HttpResponse<String> traces(Tenant tenant, List<TraceSummary> found) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (TraceSummary s : found) {
      Optional<Trace> t = store.traceById(tenant, s.traceId());
      t.ifPresent(trace -> out.add(JaegerJson.trace(trace)));
    }
    return ok(out);
  }

  private static Duration duration(String go) {
    if (go == null || go.isBlank()) {
      return null;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)")
            .matcher(go.strip());
    long nanos = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException("invalid duration '" + go + "'");
      }
      end = m.end();
      double v = Double.parseDouble(m.group(1));
      nanos +=
          (long)
              (v
                  * switch (m.group(2)) {
                    case "ns" -> 1;
                    case "us", "µs" -> 1_000;
                    case "ms" -> 1_000_000;
                    case "s" -> 1_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    default -> 3_600_000_000_000L;
                  });
    }
    if (end != go.strip().length() || end == 0) {
      throw new IllegalArgumentException(
          "invalid duration '" + go + "' (use Go durations such as 250ms or 2s)");
    }
    return Duration.ofNanos(nanos);
  }

  private static String leftPad(String hex) {
    return hex.length() < 32 ? "0".repeat(32 - hex.length()) + hex : hex;
  }

  private static HttpResponse<String> ok(Object data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", data);
    body.put("total", data instanceof List<?> l ? l.size() : 0);
    body.put("limit", 0);
    body.put("offset", 0);
    body.put("errors", null);
    return HttpResponse.ok(write(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private static HttpResponse<String> error(HttpStatus status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", null);
    body.put("total", 0);
    body.put("limit", 0);
    body.put("offset", 0);
    body.put("errors", List.of(Map.of("code", status.getCode(), "msg", message)));
    return HttpResponse.<String>status(status)
        .body(write(body))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private static String write(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("BUG: response cannot be written as JSON", e);
    }
  }
}
