package dev.vigil.server.prometheus;

import dev.vigil.model.Tenant;
import dev.vigil.promql.engine.BadQueryException;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.QueryExecutionException;
import dev.vigil.promql.engine.QueryLimitException;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.promql.engine.QueryTimeoutException;
import dev.vigil.server.MetricsAccess;
import dev.vigil.server.http.RequestTenant;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Duration;

/**
 * {@code /api/v1/query} and {@code /api/v1/query_range}: PromQL over the tenant's metrics with
 * Prometheus' parameters ({@code query}, {@code time}, {@code start}, {@code end}, {@code step},
 * {@code timeout}), JSON and status codes (400 bad_data, 422 execution, 503 timeout).
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class QueryApiController {
  private final MetricsAccess metrics;
  private volatile Engine engine;

  QueryApiController(MetricsAccess metrics) {
    this.metrics = metrics;
  }

  @Get("/query")
  HttpResponse<?> queryGet(HttpRequest<?> request) {
    return query(request, null);
  }

  @Post(uri = "/query", processes = MediaType.ALL)
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.ALL})
  HttpResponse<?> query(HttpRequest<?> request, @Nullable @Body String body) {
    try {
      ApiParams p = ApiParams.of(request, body);
      String query = required(p, "query");
      long time = ApiTime.parse(p.get("time"), "time", System.currentTimeMillis());
      Engine e = engine(p);
      return ok(e.instantQuery(RequestTenant.of(request), query, time));
    } catch (ApiException e) {
      return ApiResponses.error(e);
    } catch (RuntimeException e) {
      return ApiResponses.error(translate(e));
    }
  }

  @Get("/query_range")
  HttpResponse<?> rangeGet(HttpRequest<?> request) {
    return range(request, null);
  }

  @Post(uri = "/query_range", processes = MediaType.ALL)
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.ALL})
  HttpResponse<?> range(HttpRequest<?> request, @Nullable @Body String body) {
    try {
      ApiParams p = ApiParams.of(request, body);
      String query = required(p, "query");
      long start = ApiTime.parse(required(p, "start"), "start", 0);
      long end = ApiTime.parse(required(p, "end"), "end", 0);
      if (end < start) {
        throw ApiException.badData(
            "invalid parameter \"end\": end timestamp must not be before start time");
      }
      long step = ApiTime.parseDuration(required(p, "step"), "step");
      if (step <= 0) {
        throw ApiException.badData(
            "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer");
      }
      if ((end - start) / step > Engine.MAX_POINTS_PER_SERIES) {
        throw ApiException.badData(
            "exceeded maximum resolution of "
                + Engine.MAX_POINTS_PER_SERIES
                + " points per timeseries. Try decreasing the query resolution (?step=XX)");
      }
      Tenant tenant = RequestTenant.of(request);
      return ok(engine(p).rangeQuery(tenant, query, start, end, step));
    } catch (ApiException e) {
      return ApiResponses.error(e);
    } catch (RuntimeException e) {
      return ApiResponses.error(translate(e));
    }
  }

  private Engine engine(ApiParams p) throws ApiException {
    if (metrics.store() == null) {
      throw new ApiException("unavailable", 503, "this server runs without a metrics store");
    }
    String timeout = p.get("timeout");
    if (timeout != null && !timeout.isEmpty()) {
      long ms = ApiTime.parseDuration(timeout, "timeout");
      return metrics.engine(
          EngineOptions.DEFAULTS.withTimeout(
              Duration.ofMillis(Math.min(ms, EngineOptions.DEFAULTS.timeout().toMillis()))));
    }
    Engine e = engine;
    if (e == null) {
      e = metrics.engine(EngineOptions.DEFAULTS);
      engine = e;
    }
    return e;
  }

  private static HttpResponse<byte[]> ok(QueryResult result) {
    return HttpResponse.ok(QueryResultJson.write(result))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private static String required(ApiParams p, String name) throws ApiException {
    String v = p.get(name);
    if (v == null || v.isEmpty()) {
      throw ApiException.badData("invalid parameter \"" + name + "\": missing");
    }
    return v;
  }

  /**
   * Maps the engine's failures to Prometheus' error types; anything else is a bug reported as
   * internal.
   */
  private static ApiException translate(RuntimeException e) {
    return switch (e) {
      case BadQueryException b ->
          ApiException.badData("invalid parameter \"query\": " + b.getMessage());
      case QueryExecutionException x -> new ApiException("execution", 422, x.getMessage());
      case QueryLimitException l -> new ApiException("execution", 422, l.getMessage());
      case QueryTimeoutException t ->
          new ApiException(
              "timeout", 503, "query timed out in expression evaluation: " + t.getMessage());
      default -> {
        org.slf4j.LoggerFactory.getLogger(QueryApiController.class)
            .error("BUG: query failed unexpectedly", e);
        yield new ApiException("internal", 500, "internal error: " + e);
      }
    };
  }
}
