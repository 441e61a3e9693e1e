package dev.vigil.promql.engine;

import java.time.InstantSource;

/**
 * Enforces one query's budget: samples held in memory, series selected, and the deadline. One per
 * query; only the query's thread counts ({@link #checkDeadline} alone may be called from workers
 * helping it). The sample count is Prometheus' "current samples": a node adds what it loads or
 * produces, and once it finishes, only its output stays counted.
 */
final class QueryLimits implements SampleCounter {
  private final long maxSamples;
  private final int maxSeries;
  private final InstantSource clock;
  private final long deadlineMillis;
  private long samples;
  private long peakSamples;
  private int series;

  QueryLimits(EngineOptions options) {
    this.maxSamples = options.maxSamples();
    this.maxSeries = options.maxSeries();
    this.clock = options.clock();
    long now = clock.millis();
    long timeout = options.timeout().toMillis();
    this.deadlineMillis = timeout >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeout;
  }

  /** Refuses an evaluation grid with more steps than the query may hold samples. */
  void checkSteps(long steps) {
    if (steps > maxSamples || steps > Integer.MAX_VALUE) {
      throw new QueryLimitException(
          "subquery would evaluate "
              + steps
              + " steps, more than the query may hold in memory (limit "
              + maxSamples
              + " samples); use a larger subquery step or a shorter range");
    }
  }

  @Override
  public void addSamples(long n) {
    samples += n;
    if (samples > peakSamples) {
      peakSamples = samples;
    }
    if (samples > maxSamples) {
      throw tooManySamples();
    }
  }

  /** The failure of a query over its sample budget, whichever thread finds it. */
  QueryLimitException tooManySamples() {
    return new QueryLimitException(
        "query processing would load too many samples into memory in query execution (limit "
            + maxSamples
            + ")");
  }

  /** How many more samples the query may hold before it fails. */
  long roomLeft() {
    return maxSamples - samples;
  }

  long samples() {
    return samples;
  }

  /** Forgets everything counted since {@code mark} except {@code kept} samples. */
  void resetTo(long mark, long kept) {
    samples = mark;
    addSamples(kept);
  }

  long peakSamples() {
    return peakSamples;
  }

  void addSeries(int n) {
    series += n;
    if (series > maxSeries) {
      throw new QueryLimitException(
          "query would select more than " + maxSeries + " series (limit max series per query)");
    }
  }

  /** Throws once the deadline has passed or the calling thread was interrupted. */
  @Override
  public void checkDeadline() {
    if (Thread.currentThread().isInterrupted()) {
      throw new QueryTimeoutException("query was canceled in expression evaluation");
    }
    // At or past: a zero timeout must fail however fast the query is (the clock ticks in ms).
    if (clock.millis() >= deadlineMillis) {
      throw new QueryTimeoutException("query timed out in expression evaluation");
    }
  }
}
