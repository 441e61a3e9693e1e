package dev.vigil.server.http;

import dev.vigil.model.access.AccessPolicy;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Applies the {@link AccessPolicy} to every HTTP API request, as the OTLP listeners do. The probes
 * {@code /-/healthy} and {@code /-/ready} stay open so orchestrators need no token, and so does the
 * dashboard's shell ({@code /}, {@code /index.html}, {@code /assets/…}): it is the same static code
 * for everyone and holds no data, and a browser cannot send a bearer token when it navigates, so
 * the dashboard asks for the token itself and sends it with every API call it makes. The decided
 * tenant is left on the request as the {@link #TENANT_ATTRIBUTE} attribute for the query endpoints.
 */
@ServerFilter("/**")
final class AccessFilter {
  static final String TENANT_ATTRIBUTE = RequestTenant.ATTRIBUTE;

  private final AccessPolicy access;

  AccessFilter(AccessPolicy access) {
    this.access = access;
  }

  @RequestFilter
  @Nullable
  MutableHttpResponse<?> filter(HttpRequest<?> request) {
    String path = request.getPath();
    if (path.equals("/-/healthy") || path.equals("/-/ready") || isDashboardShell(path)) {
      return null;
    }
    AccessPolicy.Decision decision =
        access.decide(
            request.getHeaders().get("Authorization"),
            request.getHeaders().get(access.tenantHeader()));
    return switch (decision) {
      case AccessPolicy.Decision.Granted g -> {
        request.setAttribute(TENANT_ATTRIBUTE, g.tenant());
        yield null;
      }
      case AccessPolicy.Decision.Unauthenticated u ->
          HttpResponse.status(HttpStatus.UNAUTHORIZED)
              .header("WWW-Authenticate", "Bearer realm=\"vigil\"")
              .body(error("unauthorized", u.message()));
      case AccessPolicy.Decision.BadTenant b ->
          HttpResponse.badRequest(error("bad_data", b.message()));
    };
  }

  /** The paths {@code UiController} serves: static files only, never an API. */
  static boolean isDashboardShell(String path) {
    if (path.equals("/") || path.equals("/index.html")) {
      return true;
    }
    // Nothing that a router could resolve elsewhere: no dot segments, no escapes, no backslashes.
    return path.startsWith("/assets/")
        && !path.contains("..")
        && !path.contains("%")
        && !path.contains("\\")
        && !path.contains("//");
  }

  /** The Prometheus API error envelope, which every Vigil API answers errors with. */
  private static java.util.Map<String, String> error(String type, String message) {
    return java.util.Map.of("status", "error", "errorType", type, "error", message);
  }
}
