package dev.vigil.promql.engine;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How the engine evaluates and what it allows a query to use.
 *
 * @param lookbackDelta how far back an instant selector looks for a sample (Prometheus' {@code
 *     --query.lookback-delta}, 5m by default); the window is left-open, {@code (t - delta, t]}
 * @param timeout how long one query may run; over it a {@link QueryTimeoutException}
 * @param maxSamples the most samples a query may hold in memory at once (loaded from storage plus
 *     intermediate results), as Prometheus' {@code --query.max-samples}; over it a {@link
 *     QueryLimitException}
 * @param maxSeries the most series all selectors of one query may select together
 * @param defaultSubqueryStep the step of a subquery written without one ({@code x[1h:]});
 *     Prometheus uses the global evaluation interval, 1m by default
 * @param experimentalFunctions accept the functions and aggregators Prometheus marks experimental
 *     ({@code limitk}, {@code mad_over_time}, {@code sort_by_label}, ...)
 * @param clock the time source for the timeout; tests inject one
 * @param queryWorkers how many threads may evaluate one range query's range function over a matrix
 *     selector, the query's own included: its series are split between them, with the result bit
 *     for bit the one thread's; 1 evaluates every query on its own thread. Default: 2, or 1 on a
 *     one-processor machine
 * @param parallelMinSeriesSteps the least work, as the series a matrix selector selects times the
 *     query's steps, for which its range function is split between workers: below it, handing the
 *     slices over (about 0.1 ms) costs about as much as it saves. The default, 16,384, is reached
 *     by 70 series of a 4 h query at step 1 m (240 steps)
 * @param streamMaxCells the most group × step cells a {@code sum}, {@code avg}, {@code count},
 *     {@code min}, {@code max}, {@code group}, {@code stddev} or {@code stdvar} of a range query
 *     may fold while its input (an instant selector, or a range function over a matrix selector)
 *     streams into it series by series, instead of being held whole first; 0 never streams. The
 *     default, 2^20 cells (about 34 MB), is 728 groups of a 24 h query at step 1 m
 */
public record EngineOptions(
    Duration lookbackDelta,
    Duration timeout,
    long maxSamples,
    int maxSeries,
    Duration defaultSubqueryStep,
    boolean experimentalFunctions,
    InstantSource clock,
    int queryWorkers,
    int parallelMinSeriesSteps,
    int streamMaxCells) {

  /**
   * Prometheus' defaults: 5m lookback, 2m timeout, 50 million samples; 1m subquery step; two
   * workers per query (one on a one-processor machine) from 16,384 series × steps.
   */
  public static final EngineOptions DEFAULTS =
      new EngineOptions(
          Duration.ofMinutes(5),
          Duration.ofMinutes(2),
          50_000_000,
          1_000_000,
          Duration.ofMinutes(1),
          false,
          InstantSource.system(),
          Math.min(2, Runtime.getRuntime().availableProcessors()),
          16_384,
          1 << 20);

  public EngineOptions {
    Objects.requireNonNull(lookbackDelta, "lookbackDelta");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(defaultSubqueryStep, "defaultSubqueryStep");
    Objects.requireNonNull(clock, "clock");
    if (lookbackDelta.toMillis() <= 0) {
      throw new IllegalArgumentException("lookbackDelta must be positive");
    }
    if (defaultSubqueryStep.toMillis() <= 0) {
      throw new IllegalArgumentException("defaultSubqueryStep must be positive");
    }
    if (maxSamples <= 0 || maxSeries <= 0) {
      throw new IllegalArgumentException("maxSamples and maxSeries must be positive");
    }
    if (streamMaxCells < 0) {
      throw new IllegalArgumentException("streamMaxCells must not be negative");
    }
    if (queryWorkers < 1 || parallelMinSeriesSteps < 1) {
      throw new IllegalArgumentException(
          "queryWorkers and parallelMinSeriesSteps must be at least 1");
    }
  }

  public EngineOptions withLookbackDelta(Duration d) {
    return new EngineOptions(
        d,
        timeout,
        maxSamples,
        maxSeries,
        defaultSubqueryStep,
        experimentalFunctions,
        clock,
        queryWorkers,
        parallelMinSeriesSteps,
        streamMaxCells);
  }

  public EngineOptions withTimeout(Duration d) {
    return new EngineOptions(
        lookbackDelta,
        d,
        maxSamples,
        maxSeries,
        defaultSubqueryStep,
        experimentalFunctions,
        clock,
        queryWorkers,
        parallelMinSeriesSteps,
        streamMaxCells);
  }

  public EngineOptions withMaxSamples(long n) {
    return new EngineOptions(
        lookbackDelta,
        timeout,
        n,
        maxSeries,
        defaultSubqueryStep,
        experimentalFunctions,
        clock,
        queryWorkers,
        parallelMinSeriesSteps,
        streamMaxCells);
  }

  public EngineOptions withMaxSeries(int n) {
    return new EngineOptions(
        lookbackDelta,
        timeout,
        maxSamples,
        n,
        defaultSubqueryStep,
        experimentalFunctions,
        clock,
        queryWorkers,
        parallelMinSeriesSteps,
        streamMaxCells);
  }

  public EngineOptions withDefaultSubqueryStep(Duration d) {
    return new EngineOptions(
        lookbackDelta,
        timeout,
        maxSamples,
        maxSeries,
        d,
        experimentalFunctions,
        clock,
        queryWorkers,
        parallelMinSeriesSteps,
        streamMaxCells);
  }

  public EngineOptions withExperimentalFunctions(boolean on) {
    return new EngineOptions(
        lookbackDelta,
        timeout,
        maxSamples,
        maxSeries,
        defaultSubqueryStep,
        on,
        clock,
        queryWorkers,
        parallelMinSeriesSteps,
        streamMaxCells);
  }

  public EngineOptions withClock(InstantSource c) {
    return new EngineOptions(
        lookbackDelta,
        timeout,
        maxSamples,
        maxSeries,
        defaultSubqueryStep,
        experimentalFunctions,
        c,
        queryWorkers,
        parallelMinSeriesSteps,
        streamMaxCells);
  }

  public EngineOptions withQueryWorkers(int n) {
    return new EngineOptions(
        lookbackDelta,
        timeout,
        maxSamples,
        maxSeries,
        defaultSubqueryStep,
        experimentalFunctions,
        clock,
        n,
        parallelMinSeriesSteps,
        streamMaxCells);
  }

  public EngineOptions withParallelMinSeriesSteps(int n) {
    return new EngineOptions(
        lookbackDelta,
        timeout,
        maxSamples,
        maxSeries,
        defaultSubqueryStep,
        experimentalFunctions,
        clock,
        queryWorkers,
        n,
        streamMaxCells);
  }

  public EngineOptions withStreamMaxCells(int n) {
    return new EngineOptions(
        lookbackDelta,
        timeout,
        maxSamples,
        maxSeries,
        defaultSubqueryStep,
        experimentalFunctions,
        clock,
        queryWorkers,
        parallelMinSeriesSteps,
        n);
  }
}
