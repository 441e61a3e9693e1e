package dev.vigil.tsdb.otlp;

import java.util.Map;

/**
 * Metric and label names in Prometheus' character set, with OTLP units appended as Prometheus' OTLP
 * translation does ({@code s} → {@code _seconds}, {@code By/s} → {@code _bytes_per_second},
 * annotations like {@code {request}} dropped, {@code 1} → {@code _ratio} for gauges).
 */
final class PrometheusNames {
  private static final Map<String, String> UNITS =
      Map.ofEntries(
          Map.entry("d", "days"),
          Map.entry("h", "hours"),
          Map.entry("min", "minutes"),
          Map.entry("s", "seconds"),
          Map.entry("ms", "milliseconds"),
          Map.entry("us", "microseconds"),
          Map.entry("ns", "nanoseconds"),
          Map.entry("By", "bytes"),
          Map.entry("KiBy", "kibibytes"),
          Map.entry("MiBy", "mebibytes"),
          Map.entry("GiBy", "gibibytes"),
          Map.entry("TiBy", "tibibytes"),
          Map.entry("KBy", "kilobytes"),
          Map.entry("MBy", "megabytes"),
          Map.entry("GBy", "gigabytes"),
          Map.entry("TBy", "terabytes"),
          Map.entry("m", "meters"),
          Map.entry("V", "volts"),
          Map.entry("A", "amperes"),
          Map.entry("J", "joules"),
          Map.entry("W", "watts"),
          Map.entry("g", "grams"),
          Map.entry("Cel", "celsius"),
          Map.entry("Hz", "hertz"),
          Map.entry("%", "percent"));
  private static final Map<String, String> PER_UNITS =
      Map.of(
          "s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y",
          "year");

  private PrometheusNames() {}

  /** The Prometheus metric name of an OTLP metric. */
  static String metricName(String otlpName, String unit, boolean counter, boolean gauge) {
    String name = sanitize(otlpName, true);
    String unitSuffix = unitSuffix(unit, gauge);
    if (!unitSuffix.isEmpty()
        && !name.endsWith("_" + unitSuffix)
        && !name.contains("_" + unitSuffix + "_")) {
      name = name + "_" + unitSuffix;
    }
    if (counter && !name.endsWith("_total")) {
      name = name + "_total";
    }
    return name;
  }

  static String unitSuffix(String unit, boolean gauge) {
    if (unit == null || unit.isEmpty()) {
      return "";
    }
    String u = unit.replaceAll("\\{[^}]*}", "").strip();
    if (u.equals("1")) {
      return gauge ? "ratio" : "";
    }
    if (u.isEmpty()) {
      return "";
    }
    int slash = u.indexOf('/');
    if (slash >= 0) {
      String main = u.substring(0, slash).strip();
      String per = u.substring(slash + 1).strip();
      String mainName = main.isEmpty() ? "" : sanitizeUnit(UNITS.getOrDefault(main, main));
      String perName = sanitizeUnit(PER_UNITS.getOrDefault(per, UNITS.getOrDefault(per, per)));
      if (perName.isEmpty()) {
        return mainName;
      }
      return mainName.isEmpty() ? "per_" + perName : mainName + "_per_" + perName;
    }
    return sanitizeUnit(UNITS.getOrDefault(u, u));
  }

  private static String sanitizeUnit(String u) {
    String s = sanitize(u, true);
    while (s.startsWith("_")) {
      s = s.substring(1);
    }
    while (s.endsWith("_")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** A label name: invalid characters to {@code _}; a leading digit gets {@code key_} before it. */
  static String labelName(String attribute) {
    String s = sanitize(attribute, false);
    if (s.isEmpty()) {
      return s;
    }
    if (Character.isDigit(s.charAt(0))) {
      return "key_" + s;
    }
    if (s.startsWith("_") && !s.startsWith("__")) {
      return "key" + s;
    }
    return s;
  }

  /**
   * Replaces characters outside {@code [a-zA-Z0-9_]} (and {@code :} in metric names) with {@code
   * _}. Metric names are then split on the underscores and rejoined, collapsing runs and trimming
   * the ends, as Prometheus' translation builds them; label names keep every position.
   */
  static String sanitize(String s, boolean metric) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || (metric && c == ':');
      sb.append(ok ? c : '_');
    }
    if (!metric) {
      return sb.toString();
    }
    StringBuilder joined = new StringBuilder(sb.length());
    for (String part : sb.toString().split("_+")) {
      if (!part.isEmpty()) {
        if (!joined.isEmpty()) {
          joined.append('_');
        }
        joined.append(part);
      }
    }
    String out = joined.toString();
    if (!out.isEmpty() && Character.isDigit(out.charAt(0))) {
      out = "_" + out;
    }
    return out;
  }
}
