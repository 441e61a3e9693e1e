package dev.vigil.server.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.model.series.ExemplarSample;
import dev.vigil.model.series.ExemplarStore;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesExemplars;
import dev.vigil.promql.ParseException;
import dev.vigil.promql.PromQL;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.VectorSelector;
import dev.vigil.promql.engine.GoFormat;
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
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/v1/query_exemplars}: the exemplars of every series a PromQL query selects, over
 * {@code [start, end]}, in Prometheus' JSON shape. As in Prometheus, the query is not evaluated:
 * its selectors say which series' exemplars to return, so a panel's query gives that panel's
 * exemplars.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class ExemplarsApiController {
  private static final JsonFactory JSON = new JsonFactory();

  private final MetricsAccess metrics;

  ExemplarsApiController(MetricsAccess metrics) {
    this.metrics = metrics;
  }

  @Get("/query_exemplars")
  HttpResponse<String> exemplarsGet(HttpRequest<?> request) {
    return exemplars(request, null);
  }

  @Post(uri = "/query_exemplars", processes = MediaType.ALL)
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.ALL})
  HttpResponse<String> exemplars(HttpRequest<?> request, @Nullable @Body String body) {
    try {
      ApiParams p = ApiParams.of(request, body);
      long start = ApiTime.parse(p.get("start"), "start", ApiTime.MIN_TIME);
      long end = ApiTime.parse(p.get("end"), "end", ApiTime.MAX_TIME);
      if (end < start) {
        throw ApiException.badData(
            "invalid parameter \"end\": end timestamp must not be before start timestamp");
      }
      String query = p.get("query");
      Expr expr;
      try {
        expr = PromQL.parseExpr(query == null ? "" : query);
      } catch (ParseException e) {
        throw ApiException.badData("invalid parameter \"query\": " + e.getMessage());
      }
      List<List<LabelMatcher>> selectors = new ArrayList<>();
      for (VectorSelector v : PromQL.selectors(expr)) {
        selectors.add(Selectors.toModel(v.matchers()));
      }
      ExemplarStore store = metrics.exemplars();
      if (store == null) {
        throw new ApiException("unavailable", 503, "this server runs without a metrics store");
      }
      if (selectors.isEmpty()) {
        return ok(List.of());
      }
      return ok(store.exemplars(RequestTenant.of(request), start, end, selectors));
    } catch (ApiException e) {
      return ApiResponses.error(e);
    } catch (IllegalArgumentException e) {
      return ApiResponses.error(
          ApiException.badData("invalid parameter \"query\": " + e.getMessage()));
    }
  }

  /**
   * {@code {"seriesLabels": {…}, "exemplars": [{"labels": {…}, "value": "0.5", "timestamp":
   * 1600096945.479}]}} per series: values as Go formats floats, times as Unix seconds.
   */
  private static HttpResponse<String> ok(List<SeriesExemplars> found) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("status", "success");
      g.writeArrayFieldStart("data");
      for (SeriesExemplars s : found) {
        g.writeStartObject();
        labels(g, "seriesLabels", s.seriesLabels());
        g.writeArrayFieldStart("exemplars");
        for (ExemplarSample e : s.exemplars()) {
          g.writeStartObject();
          labels(g, "labels", e.labels());
          g.writeStringField("value", GoFormat.formatFloat(e.value()));
          g.writeFieldName("timestamp");
          g.writeNumber(BigDecimal.valueOf(e.timestamp(), 3).stripTrailingZeros().toPlainString());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("BUG: writing JSON to memory failed", e);
    }
    return HttpResponse.ok(out.toString()).contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private static void labels(JsonGenerator g, String field, Labels labels) throws IOException {
    g.writeObjectFieldStart(field);
    for (int i = 0; i < labels.size(); i++) {
      g.writeStringField(labels.name(i), labels.value(i));
    }
    g.writeEndObject();
  }
}
