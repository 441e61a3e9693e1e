package dev.vigil.server.alerting;

import dev.vigil.alert.slo.Slo;
import dev.vigil.model.Tenant;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.RangeSeries;
import dev.vigil.promql.engine.Value;
import dev.vigil.server.MetricsAccess;
import dev.vigil.server.http.RequestTenant;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/slos/{id}/history?start=&end=&step=}: one SLO's burn rate per alert window and
 * error budget remaining over time, for the dashboard's charts. Read from the series the SLO's
 * recording rules wrote, so a point exists only where the rules ran. The answer is column-shaped
 * (one {@code timestamps} array, one value array per series, null where there is no value), the
 * form chart libraries take as it is; the shape is documented in {@code alert-engine/README.md}.
 */
@Controller
@Requires(beans = AlertingService.class)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SloHistoryController {
  static final List<String> WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");
  private static final int MAX_POINTS = 11_000;

  private final AlertingService alerting;
  private final Engine engine;

  SloHistoryController(AlertingService alerting, MetricsAccess metrics) {
    this.alerting = alerting;
    this.engine = metrics.engine(EngineOptions.DEFAULTS);
  }

  @Get("/api/v1/slos/{id}/history")
  HttpResponse<String> history(
      HttpRequest<?> request,
      @PathVariable String id,
      @Nullable @QueryValue String start,
      @Nullable @QueryValue String end,
      @Nullable @QueryValue String step) {
    Tenant tenant = RequestTenant.of(request);
    Slo slo = null;
    if (tenant.equals(AlertingService.TENANT)) {
      for (Slo s : alerting.loaded().slos()) {
        if (s.id().equals(id)) {
          slo = s;
        }
      }
    }
    if (slo == null) {
      return JsonResponses.error(
          HttpStatus.NOT_FOUND, "not_found", "no SLO with id \"" + id + "\"");
    }
    long endMs;
    long startMs;
    long stepMs;
    try {
      endMs = time(end, "end", System.currentTimeMillis());
      startMs = time(start, "start", endMs - Duration.ofDays(1).toMillis());
      if (endMs < startMs) {
        throw new IllegalArgumentException("invalid parameter \"end\": must not be before start");
      }
      stepMs =
          step == null || step.isEmpty()
              ? Math.max(60_000, (endMs - startMs) / 250 / 1000 * 1000)
              : duration(step, "step");
      if (stepMs <= 0) {
        throw new IllegalArgumentException("invalid parameter \"step\": must be positive");
      }
      if ((endMs - startMs) / stepMs > MAX_POINTS) {
        throw new IllegalArgumentException(
            "invalid parameter \"step\": more than "
                + MAX_POINTS
                + " points; use a larger step or a shorter range");
      }
    } catch (IllegalArgumentException e) {
      return JsonResponses.error(HttpStatus.BAD_REQUEST, "bad_data", e.getMessage());
    }
    int n = (int) ((endMs - startMs) / stepMs) + 1;
    List<Double> timestamps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      timestamps.add((startMs + i * stepMs) / 1000.0);
    }
    String sel = "{sloth_id=\"" + id + "\"}";
    Map<String, Object> burn = new LinkedHashMap<>();
    for (String w : WINDOWS) {
      burn.put(
          w,
          column(
              tenant,
              "slo:sli_error:ratio_rate" + w + sel + " / " + slo.errorBudgetRatio(),
              startMs,
              endMs,
              stepMs,
              n));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", id);
    data.put("objective", slo.objective());
    data.put("period", slo.period().toString());
    data.put("start", startMs / 1000.0);
    data.put("end", endMs / 1000.0);
    data.put("step", stepMs / 1000.0);
    data.put("timestamps", timestamps);
    data.put("burnRate", burn);
    data.put(
        "errorBudgetRemaining",
        column(tenant, "slo:period_error_budget_remaining:ratio" + sel, startMs, endMs, stepMs, n));
    data.put(
        "sli",
        column(
            tenant,
            "1 - slo:sli_error:ratio_rate" + periodWindow(slo) + sel,
            startMs,
            endMs,
            stepMs,
            n));
    return JsonResponses.json(HttpStatus.OK, Map.of("status", "success", "data", data));
  }

  static String periodWindow(Slo slo) {
    long days = slo.period().toDays();
    return days * 86_400 == slo.period().toSeconds() ? days + "d" : slo.period().toHours() + "h";
  }

  private List<Double> column(
      Tenant tenant, String expr, long startMs, long endMs, long stepMs, int n) {
    Double[] out = new Double[n];
    Value v = engine.rangeQuery(tenant, expr, startMs, endMs, stepMs).value();
    if (v instanceof Value.Matrix m && !m.series().isEmpty()) {
      RangeSeries s = m.series().get(0);
      for (int i = 0; i < s.size(); i++) {
        int slot = (int) ((s.timestamp(i) - startMs) / stepMs);
        double x = s.value(i);
        if (slot >= 0 && slot < n && Double.isFinite(x)) {
          out[slot] = x;
        }
      }
    }
    return Arrays.asList(out);
  }

  /** Unix seconds (with a fraction) or RFC 3339, as Prometheus' API takes times. */
  private static long time(String v, String param, long fallback) {
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return new BigDecimal(v).movePointRight(3).longValue();
    } catch (NumberFormatException e) {
      // not a number: RFC 3339
    }
    try {
      return OffsetDateTime.parse(v).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "invalid parameter \""
              + param
              + "\": cannot parse \""
              + v
              + "\" as Unix seconds or an RFC 3339 time");
    }
  }

  /** Seconds ("60") or a duration ("5m", "1h"). */
  private static long duration(String v, String param) {
    try {
      return new BigDecimal(v).movePointRight(3).longValue();
    } catch (NumberFormatException e) {
      // not a number
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(s|m|h|d)").matcher(v);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid parameter \"" + param + "\": \"" + v + "\" is not seconds or a duration (5m)");
    }
    long k = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> k * 1000;
      case "m" -> k * 60_000;
      case "h" -> k * 3_600_000;
      default -> k * 86_400_000;
    };
  }
}
