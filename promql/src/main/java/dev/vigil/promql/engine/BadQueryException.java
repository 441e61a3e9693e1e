package dev.vigil.promql.engine;

/** The query cannot run as written: a parse error, or invalid parameters such as a zero step. */
public final class BadQueryException extends QueryException {
  private static final long serialVersionUID = 1L;

  BadQueryException(String message, Throwable cause) {
    super(message, cause);
  }

  BadQueryException(String message) {
    super(message, null);
  }
}
