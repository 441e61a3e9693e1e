package dev.vigil.promql.engine;

/**
 * A valid query failed on the data it met, e.g. {@code vector cannot contain metrics with the same
 * labelset} or many-to-many matching, or the storage failed underneath.
 */
public final class QueryExecutionException extends QueryException {
  private static final long serialVersionUID = 1L;

  QueryExecutionException(String message) {
    super(message, null);
  }

  QueryExecutionException(String message, Throwable cause) {
    super(message, cause);
  }
}
