package dev.vigil.server.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.InstantVector;
import dev.vigil.alert.QueryException;
import dev.vigil.alert.eval.Alert;
import dev.vigil.alert.eval.AlertState;
import dev.vigil.alert.eval.GroupStatus;
import dev.vigil.alert.load.Problem;
import dev.vigil.alert.load.RuleFile;
import dev.vigil.alert.notify.MutingNotifier;
import dev.vigil.alert.rules.AlertingRule;
import dev.vigil.alert.rules.RecordingRule;
import dev.vigil.alert.rules.Rule;
import dev.vigil.alert.slo.Slo;
import dev.vigil.model.Tenant;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.server.MetricsAccess;
import dev.vigil.server.http.RequestTenant;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' {@code /api/v1/rules} and {@code /api/v1/alerts}, {@code POST /-/reload}, and Vigil's
 * SLO API {@code /api/v1/slos}: every SLO with its objective, period, current error ratios per
 * window, burn rate, error budget remaining and alert state.
 */
@Controller
@Requires(beans = AlertingService.class)
@ExecuteOn(TaskExecutors.BLOCKING)
final class RulesApiController {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");

  private final AlertingService alerting;
  private final EngineQueries queries;

  RulesApiController(AlertingService alerting, MetricsAccess metrics) {
    this.alerting = alerting;
    this.queries = new EngineQueries(new Engine(metrics.store(), EngineOptions.DEFAULTS));
  }

  @Get("/api/v1/rules")
  HttpResponse<String> rules(HttpRequest<?> request) {
    Tenant tenant = RequestTenant.of(request);
    List<Map<String, Object>> groups = new ArrayList<>();
    if (tenant.equals(AlertingService.TENANT)) {
      for (GroupStatus g : alerting.evaluator().groups(tenant)) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", g.group().name());
        group.put("file", g.file());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Rule r : g.group().rules()) {
          rules.add(rule(g, r));
        }
        group.put("rules", rules);
        group.put(
            "interval",
            g.group().interval().orElse(alerting.evaluator().defaultInterval()).toSeconds());
        group.put("lastEvaluation", time(g.lastRun()));
        group.put("evaluationTime", g.lastDuration().toNanos() / 1e9);
        groups.add(group);
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("groups", groups);
    List<Map<String, Object>> files = new ArrayList<>();
    for (RuleFile f : alerting.loaded().files()) {
      Map<String, Object> file = new LinkedHashMap<>();
      file.put("file", f.name());
      file.put("status", f.status().name().toLowerCase(java.util.Locale.ROOT));
      file.put("keptPrevious", f.keptPrevious());
      file.put("problems", f.problems().stream().map(Problem::toString).toList());
      file.put("slos", f.slos().size());
      file.put("rules", f.ruleCount());
      files.add(file);
    }
    // Vigil's addition: each file's validation status, so a broken file is visible where rules are.
    data.put("files", files);
    if (!alerting.loadError().isEmpty()) {
      data.put("loadError", alerting.loadError());
    }
    return ok(data);
  }

  private Map<String, Object> rule(GroupStatus g, Rule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("query", r.expr());
    String error = g.lastError(r);
    m.put("health", g.lastEvaluation(r) == null ? "unknown" : error.isEmpty() ? "ok" : "err");
    if (!error.isEmpty()) {
      m.put("lastError", error);
    }
    m.put("lastEvaluation", time(g.lastEvaluation(r)));
    switch (r) {
      case AlertingRule a -> {
        m.put("type", "alerting");
        m.put("duration", a.forDuration().toSeconds());
        m.put("keepFiringFor", a.keepFiringFor().toSeconds());
        m.put("labels", a.labels());
        m.put("annotations", a.annotations());
        List<Alert> alerts = g.alerts(r);
        m.put("alerts", alerts.stream().map(this::alert).toList());
        m.put(
            "state",
            alerts.stream().anyMatch(x -> x.state() == AlertState.FIRING)
                ? "firing"
                : alerts.isEmpty() ? "inactive" : "pending");
      }
      case RecordingRule rec -> {
        m.put("type", "recording");
        m.put("labels", rec.labels());
      }
    }
    return m;
  }

  /**
   * Every rule file's validation status for the UI's Rules page: format, validity, each problem as
   * {@code file:line: field: message}, when the running version was loaded, and {@code running:
   * "previous version"} where a broken file's last valid version stands in.
   */
  @Get("/api/v1/rules/files")
  HttpResponse<String> files(HttpRequest<?> request) {
    Tenant tenant = RequestTenant.of(request);
    List<Map<String, Object>> files = new ArrayList<>();
    if (tenant.equals(AlertingService.TENANT)) {
      for (RuleFile f : alerting.loaded().files()) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("file", f.name());
        file.put("format", f.formats().isEmpty() ? "unknown" : String.join("+", f.formats()));
        boolean valid = f.status() == RuleFile.Status.OK;
        file.put("valid", valid);
        file.put("errors", f.problems().stream().map(Problem::toString).toList());
        file.put("loadedAt", f.loadedAt().toString());
        if (!valid) {
          file.put("running", f.keptPrevious() ? "previous version" : "nothing");
        }
        file.put("slos", f.slos().size());
        file.put("rules", f.ruleCount());
        files.add(file);
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("files", files);
    if (!alerting.loadError().isEmpty()) {
      data.put("loadError", alerting.loadError());
    }
    return ok(data);
  }

  @Get("/api/v1/alerts")
  HttpResponse<String> alerts(HttpRequest<?> request) {
    Tenant tenant = RequestTenant.of(request);
    List<Map<String, Object>> alerts =
        alerting.evaluator().alerts(tenant).stream().map(this::alert).toList();
    return ok(Map.of("alerts", alerts));
  }

  @Post("/-/reload")
  HttpResponse<String> reload() {
    List<Problem> problems = alerting.reload();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("problems", problems.stream().map(Problem::toString).toList());
    return ok(data);
  }

  @Get("/api/v1/slos")
  HttpResponse<String> slos(HttpRequest<?> request) {
    Tenant tenant = RequestTenant.of(request);
    Instant now = Instant.now();
    List<Map<String, Object>> out = new ArrayList<>();
    List<Alert> alerts =
        tenant.equals(AlertingService.TENANT) ? alerting.evaluator().alerts(tenant) : List.of();
    for (Slo slo :
        tenant.equals(AlertingService.TENANT) ? alerting.loaded().slos() : List.<Slo>of()) {
      Map<String, Object> m = new LinkedHashMap<>();
      String id = slo.id();
      m.put("id", id);
      m.put("service", slo.service());
      m.put("name", slo.name());
      m.put("description", slo.description());
      m.put("objective", slo.objective());
      m.put("period", slo.period().toString());
      double budget = slo.errorBudgetRatio();
      Map<String, Object> windows = new LinkedHashMap<>();
      for (String w : WINDOWS) {
        Double ratio =
            value(tenant, "slo:sli_error:ratio_rate" + w + "{sloth_id=\"" + id + "\"}", now);
        Map<String, Object> win = new LinkedHashMap<>();
        win.put("errorRatio", ratio);
        win.put("burnRate", ratio == null ? null : ratio / budget);
        windows.put(w, win);
      }
      m.put("windows", windows);
      Double periodRatio =
          value(
              tenant,
              "slo:sli_error:ratio_rate" + periodWindow(slo) + "{sloth_id=\"" + id + "\"}",
              now);
      Double remaining =
          value(tenant, "slo:period_error_budget_remaining:ratio{sloth_id=\"" + id + "\"}", now);
      Double current = value(tenant, "slo:current_burn_rate:ratio{sloth_id=\"" + id + "\"}", now);
      m.put("sli", periodRatio == null ? null : 1 - periodRatio);
      m.put("errorBudgetRemaining", remaining);
      m.put("currentBurnRate", current);
      if (remaining != null && current != null && current > 0) {
        m.put(
            "timeToExhaustionSeconds", Math.max(0, remaining) * slo.period().toSeconds() / current);
      }
      String state = "ok";
      for (Alert a : alerts) {
        if (id.equals(a.labels().get("sloth_id")) && a.state() == AlertState.FIRING) {
          String severity = a.labels().get("sloth_severity");
          state = severity.equals("page") || state.equals("page") ? "page" : "ticket";
        }
      }
      m.put("state", state);
      out.add(m);
    }
    out.sort((a, b) ->
        Double.compare(
            b.get("currentBurnRate") instanceof Double d ? d : 0,
            a.get("currentBurnRate") instanceof Double d2 ? d2 : 0));
    return ok(Map.of("slos", out));
  }

  private static String periodWindow(Slo slo) {
    long days = slo.period().toDays();
    return days * 86_400 == slo.period().toSeconds() ? days + "d" : slo.period().toHours() + "h";
  }

  private Double value(Tenant tenant, String expr, Instant at) {
    try {
      InstantVector v = queries.query(tenant, expr, at);
      return v.samples().isEmpty() ? null : v.samples().get(0).value();
    } catch (QueryException e) {
      return null;
    }
  }

  private Map<String, Object> alert(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fingerprint", a.fingerprint());
    m.put("labels", a.labels().toMap());
    m.put("annotations", a.annotations());
    m.put("state", a.state().label());
    m.put("activeAt", a.activeAt().toString());
    if (a.firedAt() != null) {
      m.put("firedAt", a.firedAt().toString());
    }
    m.put("value", dev.vigil.promql.engine.GoFormat.formatFloat(a.value()));
    // Vigil's additions: why an alert is not being notified, and who took it.
    MutingNotifier.Muting muting = alerting.muting().muting(a);
    m.put("silencedBy", muting.silencedBy());
    m.put("maintenanceBy", muting.maintenanceBy());
    m.put("inhibitedBy", muting.inhibitedBy());
    muting
        .ack()
        .ifPresent(ack -> {
          Map<String, Object> j = new LinkedHashMap<>();
          j.put("by", ack.by());
          j.put("at", ack.at().toString());
          j.put("comment", ack.comment());
          m.put("acknowledged", j);
        });
    return m;
  }

  private static String time(Instant t) {
    return t == null ? "0001-01-01T00:00:00Z" : t.toString();
  }

  private static HttpResponse<String> ok(Object data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "success");
    body.put("data", data);
    try {
      return HttpResponse.ok(JSON.writeValueAsString(body))
          .contentType(MediaType.APPLICATION_JSON_TYPE);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("BUG: response cannot be written as JSON", e);
    }
  }
}
