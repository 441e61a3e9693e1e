package dev.vigil.server.http;

import dev.vigil.server.Readiness;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/** Prometheus-style liveness and readiness probes. */
@Controller("/-")
final class HealthController {
  private final Readiness readiness;

  HealthController(Readiness readiness) {
    this.readiness = readiness;
  }

  @Get("/healthy")
  @Produces(MediaType.TEXT_PLAIN)
  String healthy() {
    return "Vigil is Healthy.\n";
  }

  /**
   * 200 once every store has recovered and every listener is up; 503 with the reason before and
   * while stopping.
   */
  @Get("/ready")
  @Produces(MediaType.TEXT_PLAIN)
  HttpResponse<String> ready() {
    String why = readiness.notReadyBecause();
    return why == null
        ? HttpResponse.ok("Vigil is Ready.\n")
        : HttpResponse.<String>status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE)
            .body("Vigil is not ready: " + why + "\n");
  }
}
