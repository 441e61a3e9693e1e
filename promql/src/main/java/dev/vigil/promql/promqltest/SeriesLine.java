package dev.vigil.promql.promqltest;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A series with its values, as in {@code http_requests{job="api"} 0+10x5 _ stale}; used both for
 * loaded series and for expected results.
 *
 * @param line the 1-based line it was read from
 * @param labels all labels, the metric name under {@code __name__}, sorted by name
 * @param values the expanded values, one per step
 */
public record SeriesLine(int line, SortedMap<String, String> labels, List<SampleValue> values) {

  public SeriesLine {
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    values = List.copyOf(values);
  }

  /**
   * Reads one series description in promqltest's notation ({@code up{job="a"} 0+1x10 _ stale}), for
   * other test formats that use it, such as {@code promtool test rules}' input series.
   *
   * @param source names the file in error messages
   * @throws ScriptParseException naming {@code source}, {@code line} and the problem
   */
  public static SeriesLine parse(String source, int line, String text) {
    return new SeriesLineReader(source, line, text).read();
  }

  /** Whether any value could not be read (native histograms, for now). */
  public boolean hasUnsupportedValues() {
    return values.stream().anyMatch(SampleValue.Unsupported.class::isInstance);
  }
}
