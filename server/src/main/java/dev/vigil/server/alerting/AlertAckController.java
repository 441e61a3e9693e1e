package dev.vigil.server.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.eval.Alert;
import dev.vigil.alert.eval.AlertState;
import dev.vigil.alert.notify.Acknowledgement;
import dev.vigil.alert.notify.SilenceRejected;
import dev.vigil.model.Tenant;
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
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/alerts/{fingerprint}/ack} with {@code {"by": "alice", "comment": "…"}}:
 * acknowledges a firing alert, so its repeats stop until it resolves (its resolution is still
 * notified); {@code DELETE} takes the acknowledgement back. The fingerprint is the one {@code
 * /api/v1/alerts} and the webhook payload show.
 */
@Controller
@Requires(beans = AlertingService.class)
@ExecuteOn(TaskExecutors.BLOCKING)
final class AlertAckController {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AlertingService alerting;

  AlertAckController(AlertingService alerting) {
    this.alerting = alerting;
  }

  @Post(uri = "/api/v1/alerts/{fingerprint}/ack", processes = MediaType.ALL)
  @Consumes(MediaType.ALL)
  HttpResponse<String> ack(
      HttpRequest<?> request, @PathVariable String fingerprint, @Nullable @Body byte[] body) {
    Tenant tenant = RequestTenant.of(request);
    if (!firing(tenant, fingerprint)) {
      return JsonResponses.error(
          HttpStatus.NOT_FOUND, "not_found", "no firing alert with fingerprint " + fingerprint);
    }
    if (body == null || body.length == 0) {
      return JsonResponses.error(
          HttpStatus.BAD_REQUEST, "bad_data", "by: is required: who acknowledges");
    }
    if (body.length > 65_536) {
      return JsonResponses.error(
          HttpStatus.REQUEST_ENTITY_TOO_LARGE, "bad_data", "body: larger than 64 KiB");
    }
    try {
      JsonNode n;
      try {
        n = JSON.readTree(body);
      } catch (java.io.IOException e) {
        return JsonResponses.error(HttpStatus.BAD_REQUEST, "bad_data", "body: not valid JSON");
      }
      if (!n.isObject()) {
        return JsonResponses.error(
            HttpStatus.BAD_REQUEST, "bad_data", "body: must be a JSON object");
      }
      for (String f : new String[] {"by", "comment"}) {
        if (n.has(f) && !n.get(f).isTextual() && !n.get(f).isNull()) {
          return JsonResponses.error(HttpStatus.BAD_REQUEST, "bad_data", f + ": must be a string");
        }
      }
      Acknowledgement a =
          alerting
              .acknowledgements()
              .acknowledge(
                  tenant,
                  fingerprint,
                  n.path("by").isTextual() ? n.get("by").asText() : null,
                  n.path("comment").isTextual() ? n.get("comment").asText() : null);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("fingerprint", fingerprint);
      data.put("by", a.by());
      data.put("at", a.at().toString());
      data.put("comment", a.comment());
      return JsonResponses.json(HttpStatus.OK, Map.of("status", "success", "data", data));
    } catch (SilenceRejected e) {
      return JsonResponses.error(HttpStatus.BAD_REQUEST, "bad_data", e.getMessage());
    }
  }

  @Delete("/api/v1/alerts/{fingerprint}/ack")
  HttpResponse<String> unack(HttpRequest<?> request, @PathVariable String fingerprint) {
    if (!alerting.acknowledgements().clear(RequestTenant.of(request), fingerprint)) {
      return JsonResponses.error(
          HttpStatus.NOT_FOUND, "not_found", "alert " + fingerprint + " is not acknowledged");
    }
    return JsonResponses.json(HttpStatus.OK, Map.of("status", "success"));
  }

  private boolean firing(Tenant tenant, String fingerprint) {
    for (Alert a : alerting.evaluator().alerts(tenant)) {
      if (a.state() == AlertState.FIRING && a.fingerprint().equals(fingerprint)) {
        return true;
      }
    }
    return false;
  }
}
