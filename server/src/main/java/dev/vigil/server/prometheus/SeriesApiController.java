package dev.vigil.server.prometheus;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.model.series.SeriesStore;
import dev.vigil.promql.ParseException;
import dev.vigil.promql.PromQL;
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
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The metadata side of Prometheus' HTTP API: series, label names, label values, build info and
 * query formatting, with Prometheus' parameters and JSON shapes.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class SeriesApiController {
  private final MetricsAccess metrics;

  SeriesApiController(MetricsAccess metrics) {
    this.metrics = metrics;
  }

  @Get("/series")
  HttpResponse<String> seriesGet(HttpRequest<?> request) {
    return series(request, null);
  }

  @Post(uri = "/series", processes = MediaType.ALL)
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.ALL})
  HttpResponse<String> series(HttpRequest<?> request, @Nullable @Body String body) {
    try {
      ApiParams p = ApiParams.of(request, body);
      List<List<LabelMatcher>> selectors = Selectors.parse(p.all("match[]"));
      if (selectors.isEmpty()) {
        throw ApiException.badData("no match[] parameter provided");
      }
      int limit = limit(p);
      TreeMap<Labels, Boolean> found = new TreeMap<>();
      try (SeriesQuerier q = querier(request, p)) {
        for (List<LabelMatcher> matchers : selectors) {
          for (Series s : select(q, matchers)) {
            found.put(s.labels(), Boolean.TRUE);
          }
        }
      }
      List<Map<String, String>> data = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      for (Labels l : found.keySet()) {
        if (limit > 0 && data.size() == limit) {
          warnings.add("results truncated due to limit");
          break;
        }
        data.add(l.toMap());
      }
      return ApiResponses.success(data, warnings, List.of());
    } catch (ApiException e) {
      return ApiResponses.error(e);
    }
  }

  @Get("/labels")
  HttpResponse<String> labelsGet(HttpRequest<?> request) {
    return labels(request, null);
  }

  @Post(uri = "/labels", processes = MediaType.ALL)
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.ALL})
  HttpResponse<String> labels(HttpRequest<?> request, @Nullable @Body String body) {
    try {
      ApiParams p = ApiParams.of(request, body);
      List<List<LabelMatcher>> selectors = Selectors.parse(p.all("match[]"));
      TreeSet<String> names = new TreeSet<>();
      try (SeriesQuerier q = querier(request, p)) {
        if (selectors.isEmpty()) {
          names.addAll(q.labelNames(List.of()));
        }
        for (List<LabelMatcher> matchers : selectors) {
          names.addAll(q.labelNames(matchers));
        }
      }
      return ApiResponses.success(truncate(names, limit(p)));
    } catch (ApiException e) {
      return ApiResponses.error(e);
    }
  }

  @Get("/label/{name}/values")
  HttpResponse<String> labelValues(HttpRequest<?> request, @PathVariable String name) {
    try {
      ApiParams p = ApiParams.of(request, null);
      List<List<LabelMatcher>> selectors = Selectors.parse(p.all("match[]"));
      TreeSet<String> values = new TreeSet<>();
      try (SeriesQuerier q = querier(request, p)) {
        if (selectors.isEmpty()) {
          values.addAll(q.labelValues(name, List.of()));
        }
        for (List<LabelMatcher> matchers : selectors) {
          values.addAll(q.labelValues(name, matchers));
        }
      }
      return ApiResponses.success(truncate(values, limit(p)));
    } catch (ApiException e) {
      return ApiResponses.error(e);
    }
  }

  /** Metric metadata by family: {@code {"name": [{"type", "help", "unit"}]}}. */
  @Get("/metadata")
  HttpResponse<String> metadata(HttpRequest<?> request) {
    try {
      ApiParams p = ApiParams.of(request, null);
      if (metrics.metadata() == null) {
        throw new ApiException("unavailable", 503, "this server runs without a metrics store");
      }
      var entries = metrics.metadata().get(RequestTenant.of(request), p.get("metric"), limit(p));
      Map<String, List<Map<String, String>>> data = new java.util.TreeMap<>();
      entries.forEach((name, list) ->
          data.put(
              name,
              list.stream()
                  .map(e -> Map.of("type", e.type(), "help", e.help(), "unit", e.unit()))
                  .toList()));
      return ApiResponses.success(data);
    } catch (ApiException e) {
      return ApiResponses.error(e);
    }
  }

  @Get("/status/buildinfo")
  HttpResponse<String> buildInfo() {
    Map<String, String> data = new LinkedHashMap<>();
    String version = SeriesApiController.class.getPackage().getImplementationVersion();
    // Grafana reads "version" to pick Prometheus features; Vigil speaks Prometheus 3's API.
    data.put("version", "3.0.0");
    data.put("revision", version == null ? "development" : version);
    data.put("branch", "");
    data.put("buildUser", "vigil");
    data.put("buildDate", "");
    data.put("goVersion", "java" + Runtime.version().feature());
    data.put("application", "vigil");
    return ApiResponses.success(data);
  }

  @Get("/format_query")
  HttpResponse<String> formatQueryGet(HttpRequest<?> request) {
    return formatQuery(request, null);
  }

  @Post(uri = "/format_query", processes = MediaType.ALL)
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.ALL})
  HttpResponse<String> formatQuery(HttpRequest<?> request, @Nullable @Body String body) {
    ApiParams p = ApiParams.of(request, body);
    String query = p.get("query");
    if (query == null) {
      return ApiResponses.error(ApiException.badData("invalid parameter \"query\": missing"));
    }
    try {
      return ApiResponses.success(PromQL.format(PromQL.parseExpr(query)));
    } catch (ParseException e) {
      return ApiResponses.error(
          ApiException.badData("invalid parameter \"query\": " + e.getMessage()));
    }
  }

  private SeriesQuerier querier(HttpRequest<?> request, ApiParams p) throws ApiException {
    SeriesStore store = metrics.store();
    if (store == null) {
      throw new ApiException("unavailable", 503, "this server runs without a metrics store");
    }
    long start = ApiTime.parse(p.get("start"), "start", ApiTime.MIN_TIME);
    long end = ApiTime.parse(p.get("end"), "end", ApiTime.MAX_TIME);
    if (end < start) {
      throw ApiException.badData(
          "invalid parameter \"end\": end timestamp must not be before start time");
    }
    Tenant tenant = RequestTenant.of(request);
    return store.querier(tenant, start, end);
  }

  private static List<Series> select(SeriesQuerier q, List<LabelMatcher> matchers)
      throws ApiException {
    try {
      return q.select(matchers);
    } catch (IllegalArgumentException e) {
      throw ApiException.badData("invalid parameter \"match[]\": " + e.getMessage());
    }
  }

  private static int limit(ApiParams p) throws ApiException {
    String v = p.get("limit");
    if (v == null || v.isEmpty()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw ApiException.badData("invalid parameter \"limit\": must be a non-negative integer");
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badData("invalid parameter \"limit\": " + v + " is not an integer");
    }
  }

  private static List<String> truncate(TreeSet<String> values, int limit) {
    List<String> out = new ArrayList<>(values);
    return limit > 0 && out.size() > limit ? out.subList(0, limit) : out;
  }
}
