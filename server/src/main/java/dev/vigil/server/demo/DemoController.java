package dev.vigil.server.demo;

import dev.vigil.demo.DemoWorkload;
import dev.vigil.demo.Incident;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/demo/incidents?type=payment-timeout&duration=10m} starts an incident in the
 * demo workload; {@code GET} lists the active ones. Present only when the server runs the demo.
 */
@Controller("/api/v1/demo/incidents")
@Requires(beans = DemoControl.class)
final class DemoController {
  private final DemoControl control;

  DemoController(DemoControl control) {
    this.control = control;
  }

  @Post
  HttpResponse<Map<String, Object>> start(
      @QueryValue String type, @Nullable @QueryValue String duration) {
    DemoWorkload workload = control.workload();
    if (workload == null) {
      return HttpResponse.<Map<String, Object>>status(HttpStatus.SERVICE_UNAVAILABLE)
          .body(error("the demo workload is not running yet"));
    }
    Incident incident;
    Duration length;
    try {
      incident = Incident.parse(type);
      length =
          duration == null
              ? Duration.ofMinutes(10)
              : Duration.parse("PT" + duration.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return HttpResponse.badRequest(error(e.getMessage()));
    }
    workload.inject(incident, length);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("incident", incident.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    data.put("description", incident.description());
    data.put("until", java.time.Instant.now().plus(length).toString());
    return HttpResponse.ok(Map.of("status", "success", "data", data));
  }

  @Get
  HttpResponse<Map<String, Object>> active() {
    DemoWorkload workload = control.workload();
    Map<String, String> data = new LinkedHashMap<>();
    if (workload != null) {
      workload
          .activeIncidents()
          .forEach((i, until) ->
              data.put(
                  i.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), until.toString()));
    }
    return HttpResponse.ok(Map.of("status", "success", "data", data));
  }

  private static Map<String, Object> error(String message) {
    return Map.of("status", "error", "errorType", "bad_data", "error", message);
  }
}
