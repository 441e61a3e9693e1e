package dev.vigil.promql.engine;

/**
 * The query would hold more samples in memory, or select more series, than {@link EngineOptions}
 * allow. It was stopped before it could exhaust the heap.
 */
public final class QueryLimitException extends QueryException {
  private static final long serialVersionUID = 1L;

  QueryLimitException(String message) {
    super(message, null);
  }
}
