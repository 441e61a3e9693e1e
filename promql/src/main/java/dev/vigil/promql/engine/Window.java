package dev.vigil.promql.engine;

/**
 * The samples of one series inside one range window, {@code t[from..to)}, with the window's edges
 * and the scalar arguments of the call at this step. Reused across steps; not thread-safe.
 */
final class Window {
  long[] t;
  double[] v;
  int from;
  int to;

  /** Exclusive left edge, ms. */
  long rangeStart;

  /** Inclusive right edge, ms. */
  long rangeEnd;

  /** The evaluation time of the step, ms (predict_linear predicts from it). */
  long evalTime;

  /** Scalar arguments other than the range vector, in call order. */
  double[] args;

  int count() {
    return to - from;
  }
}
