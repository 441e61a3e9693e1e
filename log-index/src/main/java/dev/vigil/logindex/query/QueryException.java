package dev.vigil.logindex.query;

/**
 * A well-formed query that cannot be run as asked: the wrong kind for the call, impossible
 * parameters, or over a limit ({@link QueryLimitException}). The message says what to change.
 */
public class QueryException extends Exception {
  private static final long serialVersionUID = 1L;

  public QueryException(String message) {
    super(message);
  }

  public QueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
