package dev.vigil.promql.ast;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus' duration syntax: integer amounts of {@code y, w, d, h, m, s, ms}, largest unit first,
 * each at most once, as in {@code 1h30m}. A year is 365 days and a week 7 days: Prometheus ignores
 * calendars here, and so do we.
 */
public final class DurationSyntax {

  private static final Pattern DURATION =
      Pattern.compile(
          "(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?");
  private static final long[] UNIT_MILLIS = {
    365L * 24 * 3_600_000, 7L * 24 * 3_600_000, 24L * 3_600_000, 3_600_000, 60_000, 1_000, 1
  };
  private static final String[] UNIT_NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

  private DurationSyntax() {}

  /**
   * Parses a duration such as {@code 5m} or {@code 1h30m}; a bare {@code 0} is allowed.
   *
   * @throws IllegalArgumentException with Prometheus' wording if {@code text} is not a duration
   */
  public static Duration parse(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("not a valid duration string: " + GoQuote.quote(text));
    }
    long millis = 0;
    try {
      for (int unit = 0; unit < UNIT_MILLIS.length; unit++) {
        String amount = m.group(unit + 1);
        if (amount != null) {
          millis =
              Math.addExact(millis, Math.multiplyExact(Long.parseLong(amount), UNIT_MILLIS[unit]));
        }
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("duration out of range: " + GoQuote.quote(text), e);
    }
    return Duration.ofMillis(millis);
  }

  /**
   * Formats a non-negative duration the way Prometheus prints it: millisecond precision, years and
   * weeks only when they divide the duration exactly, {@code 0s} for zero.
   */
  public static String format(Duration duration) {
    long ms = duration.toMillis();
    if (ms < 0) {
      throw new IllegalArgumentException("negative duration " + duration);
    }
    if (ms == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    for (int unit = 0; unit < UNIT_MILLIS.length; unit++) {
      boolean exactOnly = unit < 2; // y and w
      if (exactOnly && ms % UNIT_MILLIS[unit] != 0) {
        continue;
      }
      long amount = ms / UNIT_MILLIS[unit];
      if (amount > 0) {
        out.append(amount).append(UNIT_NAMES[unit]);
        ms -= amount * UNIT_MILLIS[unit];
      }
    }
    return out.toString();
  }

  /** Formats a possibly negative duration with a leading minus sign. */
  public static String formatSigned(Duration duration) {
    return duration.isNegative() ? "-" + format(duration.negated()) : format(duration);
  }
}
