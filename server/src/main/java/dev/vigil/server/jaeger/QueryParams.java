package dev.vigil.server.jaeger;

import dev.vigil.model.TraceId;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the trace APIs' query parameters. Every method throws {@link BadParameterException} with a
 * message that names the parameter and shows an accepted form, because these parameters are typed
 * by hand in URLs and by Grafana from its query editor: a 400 that says what to fix beats a
 * silently ignored filter.
 */
final class QueryParams {
  private static final Pattern GO_DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private QueryParams() {}

  /** Thrown for a parameter the caller must fix; the controller answers 400 with the message. */
  static final class BadParameterException extends IllegalArgumentException {
    BadParameterException(String message) {
      super(message);
    }
  }

  /**
   * A trace id of 1 to 32 hex digits (Jaeger prints ids without leading zeros), never all zeros
   * (OTLP's invalid id).
   */
  static TraceId traceId(String hex) {
    if (hex == null
        || hex.isEmpty()
        || hex.length() > 32
        || !hex.chars().allMatch(QueryParams::isHex)) {
      throw new BadParameterException(
          "invalid trace id '" + shorten(hex) + "': expected 1 to 32 hex digits");
    }
    TraceId id = TraceId.fromHex("0".repeat(32 - hex.length()) + hex);
    if (!id.isValid()) {
      throw new BadParameterException("invalid trace id '" + hex + "': all zeros");
    }
    return id;
  }

  /** An integer parameter, or {@code fallback} when absent; {@code min} is the smallest allowed. */
  static long integer(String name, String value, long fallback, long min) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    long v;
    try {
      v = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new BadParameterException(
          "parameter '" + name + "' must be an integer, got '" + shorten(value) + "'");
    }
    if (v < min) {
      throw new BadParameterException(
          "parameter '" + name + "' must be at least " + min + ", got " + v);
    }
    return v;
  }

  /**
   * A Go duration such as {@code 250ms}, {@code 1.5s} or {@code 1m30s} (what Jaeger's {@code
   * minDuration} and {@code maxDuration} take), or null when absent.
   */
  static Duration goDuration(String name, String go) {
    if (go == null || go.isBlank()) {
      return null;
    }
    String s = go.strip();
    Matcher m = GO_DURATION.matcher(s);
    long nanos = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      end = m.end();
      double v = Double.parseDouble(m.group(1));
      long unit =
          switch (m.group(2)) {
            case "ns" -> 1;
            case "us", "µs" -> 1_000;
            case "ms" -> 1_000_000;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      if (v * unit > Long.MAX_VALUE / 2.0) {
        throw new BadParameterException("parameter '" + name + "' is too long: '" + s + "'");
      }
      nanos += (long) (v * unit);
    }
    if (end == 0 || end != s.length()) {
      throw new BadParameterException(
          "parameter '"
              + name
              + "' must be a duration such as 250ms, 2s or 1m30s (units ns, us, ms, s, m, h), got '"
              + shorten(go)
              + "'");
    }
    return Duration.ofNanos(nanos);
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Echoes at most 64 characters of a hostile value back. */
  static String shorten(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
