package dev.vigil.promql;

/**
 * Switches for language features Prometheus ships behind feature flags.
 *
 * @param experimentalFunctions allow the functions and aggregators Prometheus marks experimental
 *     (limitk, limit_ratio, mad_over_time, sort_by_label, info, ...); Prometheus' own promqltest
 *     files turn this on
 */
public record ParserOptions(boolean experimentalFunctions) {

  /** Stable PromQL only, as a default Prometheus server accepts it. */
  public static final ParserOptions STABLE = new ParserOptions(false);

  /** Stable PromQL plus the experimental functions. */
  public static final ParserOptions WITH_EXPERIMENTAL_FUNCTIONS = new ParserOptions(true);
}
