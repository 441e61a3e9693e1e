package dev.vigil.server.jaeger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.server.http.RequestTenant;
import dev.vigil.server.jaeger.QueryParams.BadParameterException;
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
import java.util.Locale;
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
  private static final List<String> SPAN_KINDS =
      List.of("server", "client", "producer", "consumer", "internal");
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
      HttpRequest<?> request,
      @Nullable @QueryValue String service,
      @Nullable @QueryValue String spanKind)
      throws IOException {
    if (service == null || service.isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "parameter 'service' is required");
    }
    if (spanKind != null
        && !spanKind.isEmpty()
        && !SPAN_KINDS.contains(spanKind.toLowerCase(Locale.ROOT))) {
      return error(
          HttpStatus.BAD_REQUEST,
          "parameter 'spanKind' must be one of "
              + SPAN_KINDS
              + ", got '"
              + QueryParams.shorten(spanKind)
              + "'");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Operation o : store.operations(RequestTenant.of(request), service)) {
      String kind = o.kind().name().toLowerCase(Locale.ROOT);
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
      id = QueryParams.traceId(traceId);
    } catch (BadParameterException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    Optional<Trace> trace = store.traceById(RequestTenant.of(request), id);
    if (trace.isEmpty() || trace.get().isEmpty()) {
      return error(HttpStatus.NOT_FOUND, "trace not found");
    }
    return ok(List.of(JaegerJson.trace(trace.get())));
  }

  /**
   * Jaeger's search. Times are Unix microseconds; {@code tags} is a JSON object (what Grafana
   * sends), {@code tag=key:value} may repeat (what Jaeger's UI sends); {@code traceID} (repeatable)
   * fetches those traces instead of searching, as Jaeger does.
   */
  @Get("/api/traces")
  HttpResponse<String> search(
      HttpRequest<?> request,
      @Nullable @QueryValue String service,
      @Nullable @QueryValue String operation,
      @Nullable @QueryValue String tags,
      @Nullable @QueryValue String minDuration,
      @Nullable @QueryValue String maxDuration,
      @Nullable @QueryValue String start,
      @Nullable @QueryValue String end,
      @Nullable @QueryValue String limit)
      throws IOException {
    Tenant tenant = RequestTenant.of(request);
    try {
      List<String> ids = request.getParameters().getAll("traceID");
      if (!ids.isEmpty()) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String hex : ids) {
          store
              .traceById(tenant, QueryParams.traceId(hex))
              .filter(t -> !t.isEmpty())
              .ifPresent(t -> out.add(JaegerJson.trace(t)));
        }
        return ok(out);
      }
      long nowUs = System.currentTimeMillis() * 1000;
      long endUs = QueryParams.integer("end", end, nowUs, 0);
      long startUs = QueryParams.integer("start", start, Math.max(0, endUs - 3_600_000_000L), 0);
      if (endUs < startUs) {
        return error(
            HttpStatus.BAD_REQUEST,
            "parameter 'end' (" + endUs + ") is before 'start' (" + startUs + ")");
      }
      long max = QueryParams.integer("limit", limit, 20, 0);
      Map<String, String> tagMap = tagMap(tags, request.getParameters().getAll("tag"));
      Duration min = QueryParams.goDuration("minDuration", minDuration);
      Duration maxD = QueryParams.goDuration("maxDuration", maxDuration);
      if (min != null && maxD != null && maxD.compareTo(min) < 0) {
        return error(
            HttpStatus.BAD_REQUEST, "parameter 'maxDuration' is smaller than 'minDuration'");
      }
      TraceSearch search =
          TraceSearch.jaeger(
              service,
              operation,
              tagMap,
              min,
              maxD,
              microsToNanos(startUs),
              microsToNanos(endUs),
              max == 0 ? 20 : (int) Math.min(max, TraceSearch.MAX_LIMIT));
      return traces(tenant, store.search(tenant, search));
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
      id = QueryParams.traceId(traceId);
    } catch (BadParameterException e) {
      return vigilError(HttpStatus.BAD_REQUEST, "bad_data", e.getMessage());
    }
    Optional<Trace> trace = store.traceById(RequestTenant.of(request), id);
    if (trace.isEmpty() || trace.get().isEmpty()) {
      return vigilError(HttpStatus.NOT_FOUND, "not_found", "trace " + traceId + " not found");
    }
    return HttpResponse.ok(write(OtlpTraceJson.of(trace.get())))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  /**
   * TraceQL: {@code /api/v1/traces/search?q={ resource.service.name = "checkout" && duration > 2s
   * }&start=&end=&limit=}, times in Unix seconds as Tempo's search takes them.
   */
  @Get("/api/v1/traces/search")
  HttpResponse<String> traceQl(
      HttpRequest<?> request,
      @Nullable @QueryValue String q,
      @Nullable @QueryValue String start,
      @Nullable @QueryValue String end,
      @Nullable @QueryValue String limit)
      throws IOException {
    Tenant tenant = RequestTenant.of(request);
    if (q == null || q.isBlank()) {
      return error(
          HttpStatus.BAD_REQUEST,
          "parameter 'q' is required: a TraceQL query such as { status = error }");
    }
    try {
      long nowS = System.currentTimeMillis() / 1000;
      long endS = QueryParams.integer("end", end, nowS + 1, 0);
      long startS = QueryParams.integer("start", start, Math.max(0, endS - 3600), 0);
      if (endS < startS) {
        return error(
            HttpStatus.BAD_REQUEST,
            "parameter 'end' (" + endS + ") is before 'start' (" + startS + ")");
      }
      if (endS > Long.MAX_VALUE / 1_000_000_000L) {
        return error(HttpStatus.BAD_REQUEST, "parameter 'end' is too large (Unix seconds)");
      }
      long max = QueryParams.integer("limit", limit, 20, 0);
      List<TraceSummary> found =
          store.search(
              tenant,
              TraceSearch.traceQl(
                  q,
                  startS * 1_000_000_000L,
                  endS * 1_000_000_000L,
                  max == 0 ? 20 : (int) Math.min(max, TraceSearch.MAX_LIMIT)));
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
    } catch (IllegalArgumentException e) {
      // InvalidQueryException (a subclass) carries the column in its message.
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
  }

  /**
   * Jaeger's {@code [{parent, child, callCount}]} (plus Vigil's error count and caller latency),
   * {@code endTs} and {@code lookback} in milliseconds.
   */
  @Get("/api/dependencies")
  HttpResponse<String> dependencies(
      HttpRequest<?> request,
      @Nullable @QueryValue String endTs,
      @Nullable @QueryValue String lookback)
      throws IOException {
    long endMs;
    long lookbackMs;
    try {
      endMs = QueryParams.integer("endTs", endTs, System.currentTimeMillis(), 0);
      lookbackMs = QueryParams.integer("lookback", lookback, 3_600_000L, 1);
    } catch (BadParameterException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    if (endMs > Long.MAX_VALUE / 1_000_000L) {
      return error(HttpStatus.BAD_REQUEST, "parameter 'endTs' is too large (Unix milliseconds)");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (DependencyEdge e :
        store.dependencies(
            RequestTenant.of(request),
            Math.max(0, endMs - lookbackMs) * 1_000_000L,
            endMs * 1_000_000L)) {
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

  private static Map<String, String> tagMap(String tagsJson, List<String> tagParams)
      throws BadParameterException {
    Map<String, String> out = new LinkedHashMap<>();
    if (tagsJson != null && !tagsJson.isBlank()) {
      JsonNode node;
      try {
        node = JSON.readTree(tagsJson);
      } catch (JsonProcessingException e) {
        node = null;
      }
      if (node == null || !node.isObject()) {
        throw new BadParameterException(
            "parameter 'tags' must be a JSON object such as {\"http.status_code\":\"500\"}, got '"
                + QueryParams.shorten(tagsJson)
                + "'");
      }
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    for (String t : tagParams) {
      int colon = t.indexOf(':');
      if (colon <= 0) {
        throw new BadParameterException(
            "parameter 'tag' must be key:value, got '" + QueryParams.shorten(t) + "'");
      }
      out.put(t.substring(0, colon), t.substring(colon + 1));
    }
    return out;
  }

  /** Microseconds to nanoseconds, saturating: a far-future {@code end} means "no upper bound". */
  private static long microsToNanos(long us) {
    return us > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : us * 1000;
  }

  private static HttpResponse<String> vigilError(HttpStatus status, String type, String message) {
    return HttpResponse.<String>status(status)
        .body(write(Map.of("status", "error", "errorType", type, "error", message)))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
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
