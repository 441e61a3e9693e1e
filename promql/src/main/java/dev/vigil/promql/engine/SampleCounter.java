package dev.vigil.promql.engine;

/**
 * Where the evaluation of a selector's series counts what it loads and produces and checks whether
 * it must stop: the query's {@link QueryLimits} on the query's own thread, or one worker's share of
 * a call split over several ({@link ParallelSlices}).
 */
interface SampleCounter {
  /** Counts {@code n} more samples held; throws {@link QueryLimitException} over the budget. */
  void addSamples(long n);

  /** Throws {@link QueryTimeoutException} once the query must stop. */
  void checkDeadline();
}
