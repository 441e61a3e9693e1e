package dev.vigil.promql.engine;

/**
 * Why a query produced no result. The subclasses tell the caller whose fault it was: {@link
 * BadQueryException} (the query or its parameters; HTTP 400), {@link QueryExecutionException} (the
 * data made the query fail, e.g. many-to-many matching; HTTP 422), {@link QueryLimitException} and
 * {@link QueryTimeoutException} (a resource limit; HTTP 422 and 503). Messages use Prometheus'
 * wording so that users and tools recognise them.
 */
public abstract sealed class QueryException extends RuntimeException
    permits BadQueryException, QueryExecutionException, QueryLimitException, QueryTimeoutException {
  private static final long serialVersionUID = 1L;

  QueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
