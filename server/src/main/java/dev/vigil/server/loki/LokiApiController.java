package dev.vigil.server.loki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.logindex.LogIndex;
import dev.vigil.logindex.logql.Expr;
import dev.vigil.logindex.logql.LogQLParseException;
import dev.vigil.logindex.logql.LogQLParser;
import dev.vigil.logindex.query.Direction;
import dev.vigil.logindex.query.LogEntry;
import dev.vigil.logindex.query.MetricResult;
import dev.vigil.logindex.query.QueryException;
import dev.vigil.logindex.query.QueryTimeoutException;
import dev.vigil.logindex.query.Sample;
import dev.vigil.logindex.query.SampleSeries;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.series.Labels;
import dev.vigil.promql.engine.GoFormat;
import dev.vigil.server.http.RequestTenant;
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
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loki's query API: log queries answer {@code streams} ({@code [["<ns>", "line"], …]} per stream),
 * metric queries {@code matrix} or {@code vector}; times as Unix nanoseconds, seconds or RFC 3339;
 * errors as 400 with the parser's message (position and what was expected).
 */
@Controller("/loki/api/v1")
@Requires(beans = LogIndex.class)
@ExecuteOn(TaskExecutors.BLOCKING)
final class LokiApiController {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HOUR_NANOS = 3_600_000_000_000L;

  private final LogIndex logs;

  LokiApiController(LogIndex logs) {
    this.logs = logs;
  }

  @Get("/query_range")
  HttpResponse<String> queryRange(
      HttpRequest<?> request,
      @QueryValue String query,
      @Nullable @QueryValue String start,
      @Nullable @QueryValue String end,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String direction,
      @Nullable @QueryValue String step) {
    try {
      long endNs = time(end, System.currentTimeMillis() * 1_000_000L);
      long startNs = time(start, endNs - HOUR_NANOS);
      Tenant tenant = RequestTenant.of(request);
      if (isMetricQuery(query)) {
        long stepNs =
            step == null ? Math.max(1_000_000_000L, (endNs - startNs) / 250) : duration(step);
        return ok(matrix(logs.range(tenant, query, startNs, endNs, stepNs)));
      }
      List<LogEntry> entries =
          logs.logs(
              tenant, query, startNs, endNs, limit == null ? 100 : limit, direction(direction));
      return ok(streams(entries));
    } catch (QueryTimeoutException e) {
      return timeout(e);
    } catch (LogQLParseException | QueryException | IllegalArgumentException e) {
      return error(e.getMessage());
    } catch (IOException e) {
      return HttpResponse.<String>status(HttpStatus.INTERNAL_SERVER_ERROR).body(e.getMessage());
    }
  }

  @Get("/query")
  HttpResponse<String> query(
      HttpRequest<?> request,
      @QueryValue String query,
      @Nullable @QueryValue String time,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String direction) {
    try {
      long at = time(time, System.currentTimeMillis() * 1_000_000L);
      Tenant tenant = RequestTenant.of(request);
      if (isMetricQuery(query)) {
        return ok(vector(logs.instant(tenant, query, at)));
      }
      return ok(
          streams(
              logs.logs(
                  tenant,
                  query,
                  at - HOUR_NANOS,
                  at,
                  limit == null ? 100 : limit,
                  direction(direction))));
    } catch (QueryTimeoutException e) {
      return timeout(e);
    } catch (LogQLParseException | QueryException | IllegalArgumentException e) {
      return error(e.getMessage());
    } catch (IOException e) {
      return HttpResponse.<String>status(HttpStatus.INTERNAL_SERVER_ERROR).body(e.getMessage());
    }
  }

  @Get("/labels")
  HttpResponse<String> labels(
      HttpRequest<?> request, @Nullable @QueryValue String start, @Nullable @QueryValue String end)
      throws IOException {
    long endNs = time(end, System.currentTimeMillis() * 1_000_000L);
    try {
      return data(
          List.copyOf(
              logs.queries()
                  .labelNames(
                      RequestTenant.of(request), time(start, endNs - 6 * HOUR_NANOS), endNs)));
    } catch (QueryTimeoutException e) {
      return timeout(e);
    }
  }

  @Get("/label/{name}/values")
  HttpResponse<String> labelValues(
      HttpRequest<?> request,
      @PathVariable String name,
      @Nullable @QueryValue String start,
      @Nullable @QueryValue String end)
      throws IOException {
    long endNs = time(end, System.currentTimeMillis() * 1_000_000L);
    try {
      return data(
          List.copyOf(
              logs.queries()
                  .labelValues(
                      RequestTenant.of(request),
                      name,
                      time(start, endNs - 6 * HOUR_NANOS),
                      endNs)));
    } catch (QueryTimeoutException e) {
      return timeout(e);
    }
  }

  /**
   * The streams (label sets) matching any of the {@code match[]} stream selectors with lines in
   * [start, end] (default the last 6 h), as Loki answers: {@code {"status": "success", "data":
   * [{label: value, …}, …]}}.
   */
  @Get("/series")
  HttpResponse<String> series(
      HttpRequest<?> request, @Nullable @QueryValue String start, @Nullable @QueryValue String end)
      throws IOException {
    List<String> matches = new ArrayList<>(request.getParameters().getAll("match[]"));
    matches.addAll(request.getParameters().getAll("match"));
    if (matches.isEmpty()) {
      return error(
          "at least one match[] stream selector is required, as in match[]={service_name=\"x\"}");
    }
    try {
      long endNs = time(end, System.currentTimeMillis() * 1_000_000L);
      long startNs = time(start, endNs - 6 * HOUR_NANOS);
      if (endNs < startNs) {
        return error("end (" + endNs + ") is before start (" + startNs + ")");
      }
      Tenant tenant = RequestTenant.of(request);
      java.util.SortedSet<Labels> found = new java.util.TreeSet<>();
      for (String m : matches) {
        if (!(LogQLParser.parse(m) instanceof Expr.LogQuery q) || !q.pipeline().isEmpty()) {
          return error("match[] '" + m + "' is not a stream selector such as {service_name=\"x\"}");
        }
        found.addAll(logs.queries().series(tenant, q.selector(), startNs, endNs));
      }
      List<Map<String, String>> data = new ArrayList<>();
      for (Labels l : found) {
        data.add(l.toMap());
      }
      return data(data);
    } catch (QueryTimeoutException e) {
      return timeout(e);
    } catch (LogQLParseException | IllegalArgumentException e) {
      return error("invalid match[]: " + e.getMessage());
    }
  }

  /**
   * Every log line of a trace, oldest first, by keyword lookup: the jump from a trace to its logs.
   */
  @Get("/trace/{traceId}")
  HttpResponse<String> trace(
      HttpRequest<?> request,
      @PathVariable String traceId,
      @Nullable @QueryValue String start,
      @Nullable @QueryValue String end)
      throws IOException {
    TraceId id;
    try {
      id = TraceId.fromHex(traceId);
    } catch (IllegalArgumentException e) {
      return error("invalid trace id '" + traceId + "': " + e.getMessage());
    }
    long endNs = time(end, System.currentTimeMillis() * 1_000_000L);
    try {
      return ok(
          streams(
              logs.trace(
                  RequestTenant.of(request),
                  id,
                  time(start, endNs - 24 * HOUR_NANOS),
                  endNs,
                  5000)));
    } catch (QueryTimeoutException e) {
      return timeout(e);
    } catch (QueryException e) {
      return error(e.getMessage());
    }
  }

  private static boolean isMetricQuery(String query) {
    return !query.stripLeading().startsWith("{");
  }

  private static Direction direction(String d) {
    return d != null && d.equalsIgnoreCase("forward") ? Direction.FORWARD : Direction.BACKWARD;
  }

  /** Unix nanoseconds, Unix seconds (with decimals) or RFC 3339; {@code fallback} when absent. */
  static long time(String value, long fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      BigDecimal n = new BigDecimal(value);
      // Loki takes nanoseconds; numbers too small to be nanoseconds since 2001 are seconds.
      return n.compareTo(BigDecimal.valueOf(1_000_000_000_000_000L)) > 0
          ? n.longValue()
          : n.movePointRight(9).longValue();
    } catch (NumberFormatException e) {
      try {
        var t = OffsetDateTime.parse(value).toInstant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
      } catch (java.time.format.DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "cannot parse '" + value + "' as a time (Unix ns, Unix s or RFC 3339)");
      }
    }
  }

  private static long duration(String step) {
    try {
      return new BigDecimal(step).movePointRight(9).longValue();
    } catch (NumberFormatException e) {
      return dev.vigil.promql.ast.DurationSyntax.parse(step).toNanos();
    }
  }

  static Map<String, Object> streams(List<LogEntry> entries) {
    Map<Labels, List<List<Object>>> byStream = new LinkedHashMap<>();
    for (LogEntry e : entries) {
      byStream.computeIfAbsent(e.labels(), l -> new ArrayList<>()).add(value(e));
    }
    List<Map<String, Object>> result = new ArrayList<>();
    byStream.forEach(
        (labels, values) -> result.add(Map.of("stream", labels.toMap(), "values", values)));
    return Map.of("resultType", "streams", "result", result);
  }

  /**
   * {@code [ns, line]}, plus Loki 3's structured metadata {@code {"trace_id", "span_id"}} when the
   * record belongs to a span: the dashboard's link from a log line to its trace.
   */
  private static List<Object> value(LogEntry e) {
    String ts = Long.toString(e.timestampNanos());
    var record = e.source() == null ? null : e.source().record();
    if (record == null || record.traceId() == null || !record.traceId().isValid()) {
      return List.of(ts, e.line());
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("trace_id", record.traceId().toHex());
    if (record.spanId() != 0) {
      metadata.put("span_id", dev.vigil.model.SpanId.toHex(record.spanId()));
    }
    return List.of(ts, e.line(), metadata);
  }

  private static Map<String, Object> matrix(MetricResult r) {
    List<Map<String, Object>> result = new ArrayList<>();
    for (SampleSeries s : r.series()) {
      List<List<Object>> values = new ArrayList<>();
      for (Sample p : s.samples()) {
        values.add(List.of(p.timestampMillis() / 1000.0, GoFormat.formatFloat(p.value())));
      }
      result.add(Map.of("metric", s.labels().toMap(), "values", values));
    }
    return Map.of("resultType", "matrix", "result", result);
  }

  private static Map<String, Object> vector(MetricResult r) {
    List<Map<String, Object>> result = new ArrayList<>();
    for (SampleSeries s : r.series()) {
      if (!s.samples().isEmpty()) {
        Sample p = s.samples().get(s.samples().size() - 1);
        result.add(
            Map.of(
                "metric",
                s.labels().toMap(),
                "value",
                List.of(p.timestampMillis() / 1000.0, GoFormat.formatFloat(p.value()))));
      }
    }
    return Map.of("resultType", "vector", "result", result);
  }

  static HttpResponse<String> ok(Map<String, Object> data) {
    return HttpResponse.ok(write(Map.of("status", "success", "data", data)))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private static HttpResponse<String> data(Object data) {
    return HttpResponse.ok(write(Map.of("status", "success", "data", data)))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  /**
   * A query stopped at {@code logs.query-timeout}: 504, as Loki answers a query past its {@code
   * query_timeout}, with the error in the same envelope as the other errors.
   */
  static HttpResponse<String> timeout(QueryTimeoutException e) {
    return HttpResponse.<String>status(HttpStatus.GATEWAY_TIMEOUT)
        .body(write(Map.of("status", "error", "errorType", "timeout", "error", e.getMessage())))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  static HttpResponse<String> error(String message) {
    return HttpResponse.<String>status(HttpStatus.BAD_REQUEST)
        .body(
            write(
                Map.of(
                    "status",
                    "error",
                    "errorType",
                    "bad_data",
                    "error",
                    message == null ? "bad request" : message)))
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
