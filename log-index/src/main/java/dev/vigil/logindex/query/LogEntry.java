package dev.vigil.logindex.query;

import dev.vigil.logindex.store.StoredRecord;
import dev.vigil.model.series.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One log line in a result.
 *
 * @param timestampNanos the time the line is ordered by (event time, else observed time)
 * @param labels the stream labels, plus what parser stages extracted
 * @param line the line after the pipeline (line_format may have rewritten it)
 * @param source the stored record with its resource and scope
 */
public record LogEntry(long timestampNanos, Labels labels, String line, StoredRecord source) {

  /** Groups entries by labels, keeping their order inside each stream: Loki's streams result. */
  public static Map<Labels, List<LogEntry>> byStream(List<LogEntry> entries) {
    Map<Labels, List<LogEntry>> streams = new LinkedHashMap<>();
    for (LogEntry e : entries) {
      streams.computeIfAbsent(e.labels(), l -> new ArrayList<>()).add(e);
    }
    return streams;
  }
}
