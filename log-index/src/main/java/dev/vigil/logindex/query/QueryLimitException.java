package dev.vigil.logindex.query;

/** A query would exceed a configured limit (samples or series); narrow it and retry. */
public final class QueryLimitException extends QueryException {
  private static final long serialVersionUID = 1L;

  public QueryLimitException(String message) {
    super(message);
  }
}
