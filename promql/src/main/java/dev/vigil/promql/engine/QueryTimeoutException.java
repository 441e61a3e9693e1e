package dev.vigil.promql.engine;

/** The query ran past its timeout, or its thread was interrupted (then the message says so). */
public final class QueryTimeoutException extends QueryException {
  private static final long serialVersionUID = 1L;

  QueryTimeoutException(String message) {
    super(message, null);
  }
}
