package dev.vigil.alert;

/**
 * A rule's query could not be evaluated; the message says why, in words a rule author can act on.
 */
public final class QueryException extends Exception {
  private static final long serialVersionUID = 1L;

  public QueryException(String message) {
    super(message);
  }

  public QueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
