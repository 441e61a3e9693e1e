package dev.vigil.tracestore;

/**
 * A query the store refuses: a TraceQL syntax or type error, or search parameters out of range. The
 * message says what is wrong and where (a column for TraceQL) and is meant for the user; an HTTP
 * API answers it with 400.
 */
public final class InvalidQueryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int column;

  public InvalidQueryException(String message, int column) {
    super(message);
    this.column = column;
  }

  public InvalidQueryException(String message) {
    this(message, -1);
  }

  /** 1-based column of the problem in the query text, or -1 when it is not about the text. */
  public int column() {
    return column;
  }
}
