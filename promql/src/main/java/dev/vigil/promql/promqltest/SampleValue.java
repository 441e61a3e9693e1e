package dev.vigil.promql.promqltest;

/** One value of a series line after expansion of {@code a+bxN} and {@code _xN}. */
public sealed interface SampleValue {

  /** A float sample. */
  record Number(double value) implements SampleValue {}

  /** {@code _}: no sample at this step. */
  record Omitted() implements SampleValue {}

  /** {@code stale}: a staleness marker. */
  record Stale() implements SampleValue {}

  /**
   * A value this reader does not model yet, kept as written.
   *
   * @param text the source text, e.g. a native histogram {@code {{schema:0 sum:5 count:4}}}
   * @param reason why it is not modelled
   */
  record Unsupported(String text, String reason) implements SampleValue {}
}
