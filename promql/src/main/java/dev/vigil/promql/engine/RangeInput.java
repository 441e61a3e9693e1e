package dev.vigil.promql.engine;

import java.util.List;

/**
 * The series behind a range-vector argument (a matrix selector's samples, or a subquery's points)
 * and how to cut a window out of them for an evaluation time: {@code (ref - range, ref]} with
 * {@code ref = (at or t) - offset}, left-open as in Prometheus 3.
 *
 * @param series points in ascending time, without stale markers
 * @param range window length, ms
 * @param offset ms
 * @param at the pinned evaluation time in ms, or null
 */
record RangeInput(List<StepSeries> series, long range, long offset, Long at) {

  /** The right edge of the window for evaluation time {@code t}. */
  long windowEnd(long t) {
    return (at != null ? at : t) - offset;
  }
}
