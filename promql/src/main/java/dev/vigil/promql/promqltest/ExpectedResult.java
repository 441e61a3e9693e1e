package dev.vigil.promql.promqltest;

import java.time.Duration;
import java.util.List;

/** What an eval command expects the query to return. */
public sealed interface ExpectedResult {

  /**
   * Series lines (possibly none: an empty result).
   *
   * @param series the expected series; for a range query one value per step
   * @param rangeVectorWindow for an instant query returning a range vector ({@code expect range
   *     vector from .. to .. step ..}), the sample timestamps expected; null otherwise
   */
  record Series(List<SeriesLine> series, RangeWindow rangeVectorWindow) implements ExpectedResult {
    public Series {
      series = List.copyOf(series);
    }
  }

  /** A bare number line: the query returns this scalar. */
  record Scalar(double value) implements ExpectedResult {}

  /** {@code expect string "..."}: the query returns this string. */
  record StringValue(String value) implements ExpectedResult {}

  /** Start, end and step of a time range, as offsets from the test's start. */
  record RangeWindow(Duration start, Duration end, Duration step) {}
}
