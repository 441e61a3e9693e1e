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
 */
public record EngineOptions(
    Duration lookbackDelta,
    Duration timeout,
    long maxSamples,
    int maxSeries,
    Duration defaultSubqueryStep,
    boolean experimentalFunctions,
    InstantSource clock) {

  /** Prometheus' defaults: 5m lookback, 2m timeout, 50 million samples; 1m subquery step. */
  public static final EngineOptions DEFAULTS =
      new EngineOptions(
          Duration.ofMinutes(5),
          Duration.ofMinutes(2),
          50_000_000,
          1_000_000,
          Duration.ofMinutes(1),
          false,
          InstantSource.system());

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
  }

  public EngineOptions withLookbackDelta(Duration d) {
    return new EngineOptions(
        d, timeout, maxSamples, maxSeries, defaultSubqueryStep, experimentalFunctions, clock);
  }

  public EngineOptions withTimeout(Duration d) {
    return new EngineOptions(
        lookbackDelta, d, maxSamples, maxSeries, defaultSubqueryStep, experimentalFunctions, clock);
  }

  public EngineOptions withMaxSamples(long n) {
    return new EngineOptions(
        lookbackDelta, timeout, n, maxSeries, defaultSubqueryStep, experimentalFunctions, clock);
  }

  public EngineOptions withMaxSeries(int n) {
    return new EngineOptions(
        lookbackDelta, timeout, maxSamples, n, defaultSubqueryStep, experimentalFunctions, clock);
  }

  public EngineOptions withDefaultSubqueryStep(Duration d) {
    return new EngineOptions(
        lookbackDelta, timeout, maxSamples, maxSeries, d, experimentalFunctions, clock);
  }

  public EngineOptions withExperimentalFunctions(boolean on) {
    return new EngineOptions(
        lookbackDelta, timeout, maxSamples, maxSeries, defaultSubqueryStep, on, clock);
  }

  public EngineOptions withClock(InstantSource c) {
    return new EngineOptions(
        lookbackDelta,
        timeout,
        maxSamples,
        maxSeries,
        defaultSubqueryStep,
        experimentalFunctions,
        c);
  }
}
