package dev.vigil.server.prometheus;

import dev.vigil.model.Tenant;
import dev.vigil.model.access.AccessPolicy;
import dev.vigil.server.MetricsAccess;
import dev.vigil.server.http.RequestTenant;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus' TSDB admin API, as far as Vigil has it: {@code POST /api/v1/admin/tsdb/snapshot}
 * writes the caller's tenant's data as blocks into {@code <data-dir>/tsdb/snapshots/<name>/} (for
 * backups and for measuring the store on disk). Off unless the admin API is enabled; with tokens,
 * admin tokens only (see {@link AccessPolicy#adminRefusal}). The access filter has already let the
 * request in and decided its tenant.
 */
@Controller
final class TsdbAdminController {
  private static final Logger log = LoggerFactory.getLogger(TsdbAdminController.class);

  private final MetricsAccess metrics;
  private final AccessPolicy access;

  TsdbAdminController(MetricsAccess metrics, AccessPolicy access) {
    this.metrics = metrics;
    this.access = access;
  }

  @Post(uri = "/api/v1/admin/tsdb/snapshot", processes = MediaType.ALL)
  @Consumes(MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<String> snapshot(
      HttpRequest<?> request, @Nullable @QueryValue("skip_head") String skipHead) {
    String refusal = access.adminRefusal(request.getHeaders().get("Authorization"));
    if (refusal != null) {
      return ApiResponses.error(new ApiException("forbidden", 403, refusal));
    }
    boolean skip = false;
    if (skipHead != null && !skipHead.isEmpty()) {
      if (!skipHead.equals("true") && !skipHead.equals("false")) {
        return ApiResponses.error(
            ApiException.badData("skip_head must be true or false, got '" + skipHead + "'"));
      }
      skip = skipHead.equals("true");
    }
    Tenant tenant = RequestTenant.of(request);
    try {
      String name = metrics.snapshot(tenant, skip);
      if (name == null) {
        return ApiResponses.error(
            new ApiException("unavailable", 503, "this server runs without a metrics store"));
      }
      log.info("tsdb snapshot {} of tenant {} written", name, tenant.id());
      return ApiResponses.success(Map.of("name", name));
    } catch (IOException e) {
      log.error("tsdb snapshot of tenant {} failed", tenant.id(), e);
      return ApiResponses.error(
          new ApiException("internal", 500, "could not write the snapshot: " + e.getMessage()));
    }
  }
}
