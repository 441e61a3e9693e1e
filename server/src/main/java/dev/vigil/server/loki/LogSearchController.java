package dev.vigil.server.loki;

import dev.vigil.logindex.LogIndex;
import dev.vigil.logindex.query.QueryException;
import dev.vigil.server.http.RequestTenant;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;

/**
 * The power-user search: Lucene query syntax on any indexed field ({@code body:timeout AND
 * attributes.http.status_code:[500 TO 599]}, field table in {@code log-index/FORMAT.md}), newest
 * first, in the tenant's partitions only. Answers Loki's {@code streams} shape so the same clients
 * render it. Not under {@code /loki}: Loki has no such endpoint.
 */
@Controller("/api/v1/logs")
@Requires(beans = LogIndex.class)
@ExecuteOn(TaskExecutors.BLOCKING)
final class LogSearchController {
  /** Loki's default {@code max_entries_limit_per_query}. */
  static final int MAX_LIMIT = 5000;

  private static final long HOUR_NANOS = 3_600_000_000_000L;

  private final LogIndex logs;

  LogSearchController(LogIndex logs) {
    this.logs = logs;
  }

  @Get("/search")
  HttpResponse<String> search(
      HttpRequest<?> request,
      @Nullable @QueryValue String q,
      @Nullable @QueryValue String start,
      @Nullable @QueryValue String end,
      @Nullable @QueryValue Integer limit) {
    if (q == null || q.isBlank()) {
      return LokiApiController.error(
          "parameter q is required: a Lucene query such as body:timeout AND"
              + " resource.service.name:checkout");
    }
    int n = limit == null ? 100 : limit;
    if (n < 1 || n > MAX_LIMIT) {
      return LokiApiController.error("limit must be between 1 and " + MAX_LIMIT + ", got " + n);
    }
    try {
      long endNs = LokiApiController.time(end, System.currentTimeMillis() * 1_000_000L);
      long startNs = LokiApiController.time(start, endNs - HOUR_NANOS);
      return LokiApiController.ok(
          LokiApiController.streams(logs.search(RequestTenant.of(request), q, startNs, endNs, n)));
    } catch (dev.vigil.logindex.query.QueryTimeoutException e) {
      return LokiApiController.timeout(e);
    } catch (QueryException | IllegalArgumentException e) {
      return LokiApiController.error(e.getMessage());
    } catch (IOException e) {
      return HttpResponse.<String>status(HttpStatus.INTERNAL_SERVER_ERROR).body(e.getMessage());
    }
  }
}
