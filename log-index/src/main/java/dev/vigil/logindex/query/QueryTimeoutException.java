package dev.vigil.logindex.query;

import java.time.Duration;

/**
 * A query ran past the configured time limit ({@code logs.query-timeout}) and was stopped; nothing
 * of it is returned. Loki answers such a query with 504, and so does the server.
 */
public final class QueryTimeoutException extends QueryException {
  private static final long serialVersionUID = 1L;

  QueryTimeoutException(Duration limit) {
    super(
        "the query ran longer than the limit of "
            + limit.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
            + " (logs.query-timeout) and was stopped; narrow the time range or the selector, or"
            + " add line filters");
  }
}
