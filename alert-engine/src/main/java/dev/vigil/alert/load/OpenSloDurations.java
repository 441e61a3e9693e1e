package dev.vigil.alert.load;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenSLO's durations: v1's shorthand ({@code 2w}, {@code 30d}; {@code m} is minutes, {@code M}
 * months) and v1alpha's {@code count} + {@code unit}. Months, quarters and years of a rolling
 * window are taken as 30, 90 and 365 days, the fixed lengths a rolling window needs.
 */
final class OpenSloDurations {
  private static final Pattern SHORTHAND = Pattern.compile("([0-9]+)([smhdwMQY])");

  private OpenSloDurations() {}

  static Optional<Duration> shorthand(YamlMap m, String key) {
    Optional<String> s = m.string(key);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Matcher x = SHORTHAND.matcher(s.get().strip());
    if (!x.matches()) {
      m.problems()
          .add(
              m.nodeOr(key),
              m.field(key),
              "\""
                  + s.get()
                  + "\" is not an OpenSLO"
                  + " duration (a number and one of s, m, h, d, w, M, Q, Y, e.g. 28d)");
      return Optional.empty();
    }
    return Optional.of(of(Long.parseLong(x.group(1)), x.group(2)));
  }

  static Optional<Duration> countAndUnit(YamlMap m) {
    Optional<Double> count = m.requiredNumber("count");
    Optional<String> unit = m.requiredString("unit");
    if (count.isEmpty() || unit.isEmpty()) {
      return Optional.empty();
    }
    String u =
        switch (unit.get()) {
          case "Second" -> "s";
          case "Minute" -> "m";
          case "Hour" -> "h";
          case "Day" -> "d";
          case "Week" -> "w";
          case "Month" -> "M";
          case "Quarter" -> "Q";
          case "Year" -> "Y";
          default -> null;
        };
    if (u == null || count.get() <= 0 || count.get() != Math.rint(count.get())) {
      m.problems()
          .add(
              m.node(),
              m.path(),
              "needs a whole count above 0 and a unit of Second,"
                  + " Minute, Hour, Day, Week, Month, Quarter or Year");
      return Optional.empty();
    }
    return Optional.of(of(count.get().longValue(), u));
  }

  private static Duration of(long n, String unit) {
    return switch (unit) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      case "w" -> Duration.ofDays(7 * n);
      case "M" -> Duration.ofDays(30 * n);
      case "Q" -> Duration.ofDays(90 * n);
      case "Y" -> Duration.ofDays(365 * n);
      default -> throw new IllegalStateException("BUG: unit " + unit);
    };
  }
}
