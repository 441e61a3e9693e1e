package dev.vigil.server.prometheus;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Timestamps and durations as Prometheus' API takes them: RFC 3339 or Unix seconds with an optional
 * decimal fraction; durations as seconds (float) or PromQL duration strings.
 */
final class ApiTime {
  /** Prometheus' "minimum/maximum time" for unbounded series and label requests, in ms. */
  static final long MIN_TIME =
      Instant.parse("-292273086-05-16T16:47:06Z").toEpochMilli() / 1000 * 1000;

  static final long MAX_TIME =
      Instant.parse("+292277025-08-18T07:12:54.999Z").toEpochMilli() / 1000 * 1000;

  private ApiTime() {}

  /** Milliseconds since the epoch, or {@code fallback} when absent. */
  static long parse(String value, String param, long fallback) throws ApiException {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      BigDecimal seconds = new BigDecimal(value);
      return seconds
          .movePointRight(3)
          .setScale(0, java.math.RoundingMode.HALF_EVEN)
          .longValueExact();
    } catch (NumberFormatException | ArithmeticException ignored) {
      // not a number: try RFC 3339
    }
    try {
      return OffsetDateTime.parse(value).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiException.badData(
          "invalid parameter \""
              + param
              + "\": cannot parse \""
              + value
              + "\" to a valid timestamp");
    }
  }

  /** A duration in ms from seconds ("15", "0.5") or a PromQL duration ("15s", "1m30s"). */
  static long parseDuration(String value, String param) throws ApiException {
    if (value == null || value.isEmpty()) {
      throw ApiException.badData("invalid parameter \"" + param + "\": missing");
    }
    try {
      BigDecimal seconds = new BigDecimal(value);
      long ms =
          seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
      return ms;
    } catch (NumberFormatException | ArithmeticException ignored) {
      // not a number
    }
    try {
      return dev.vigil.promql.ast.DurationSyntax.parse(value).toMillis();
    } catch (RuntimeException e) {
      throw ApiException.badData(
          "invalid parameter \""
              + param
              + "\": cannot parse \""
              + value
              + "\" to a valid duration");
    }
  }

  /** Seconds with millisecond precision, as Prometheus writes sample timestamps in JSON. */
  static double seconds(long millis) {
    return millis / 1000.0;
  }
}
