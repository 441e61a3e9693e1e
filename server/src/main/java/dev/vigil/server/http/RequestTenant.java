package dev.vigil.server.http;

import dev.vigil.model.Tenant;
import io.micronaut.http.HttpRequest;

/** The tenant the {@code AccessFilter} decided for a request, as endpoints read it. */
public final class RequestTenant {
  /** The request attribute holding the {@link Tenant}. */
  public static final String ATTRIBUTE = "vigil.tenant";

  private RequestTenant() {}

  public static Tenant of(HttpRequest<?> request) {
    return request
        .getAttribute(ATTRIBUTE, Tenant.class)
        .orElseThrow(() ->
            new IllegalStateException(
                "BUG: no tenant on " + request.getPath() + "; is AccessFilter applied?"));
  }
}
