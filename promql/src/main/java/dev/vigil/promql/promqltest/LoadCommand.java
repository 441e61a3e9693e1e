package dev.vigil.promql.promqltest;

import java.time.Duration;
import java.util.List;

/**
 * {@code load <interval>} or {@code load_with_nhcb <interval>}: series whose i-th value is sampled
 * at {@code i * interval} after the test's start (time 0).
 *
 * @param line the line of the {@code load} keyword
 * @param interval the spacing of the samples
 * @param withNativeHistogramCustomBuckets {@code load_with_nhcb}: classic histogram series are also
 *     loaded as native histograms with custom buckets
 * @param series the series, in file order
 */
public record LoadCommand(
    int line, Duration interval, boolean withNativeHistogramCustomBuckets, List<SeriesLine> series)
    implements ScriptCommand {

  public LoadCommand {
    series = List.copyOf(series);
  }
}
