package dev.vigil.collector.otlp;

/**
 * The wording of every reason an item is refused for, shared by the mapper and the decoder so a
 * client sees the same message whichever path decoded its request. Names quoted in a reason are cut
 * to {@value #MAX_NAME_CHARS} characters to keep {@code partial_success} messages short.
 */
final class RejectionReasons {
  static final int MAX_NAME_CHARS = 100;

  static final String VALUE_NOT_SET = "value not set and flags lack NO_RECORDED_VALUE";
  static final String NO_DATA =
      "no data (none of gauge, sum, histogram, exponential_histogram, summary is set)";

  private RejectionReasons() {}

  static String span(String name, String problem) {
    return "span " + quoted(name) + ": " + problem;
  }

  static String link(int index, String problem) {
    return "link " + index + ": " + problem;
  }

  static String logRecord(String problem) {
    return "log record: " + problem;
  }

  static String metric(String name, String problem) {
    return "metric " + quoted(name) + ": " + problem;
  }

  static String dataPoint(int index, String problem) {
    return "data point " + index + ": " + problem;
  }

  static String exemplar(int index, String problem) {
    return "exemplar " + index + ": " + problem;
  }

  static String exemplarWithoutValue(int index) {
    return exemplar(index, "value not set");
  }

  private static String quoted(String name) {
    return name.length() <= MAX_NAME_CHARS
        ? '"' + name + '"'
        : '"' + name.substring(0, MAX_NAME_CHARS) + "\"...";
  }
}
