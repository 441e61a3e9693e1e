package dev.vigil.alert.notify;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a maintenance window repeats: a subset of RFC 5545's RRULE ({@code FREQ}, {@code INTERVAL},
 * {@code BYDAY} for weekly rules, {@code UNTIL}) plus the time zone the window's local start time
 * is kept in. The window's own {@code startsAt}/{@code endsAt} are the first occurrence; every
 * later one starts at the same local wall-clock time in {@link #timeZone()} (so "Sunday 02:00
 * Berlin" stays 02:00 across daylight saving changes) and lasts as long in local time. {@code
 * until}, when set, is the latest start an occurrence may have (RFC 5545's inclusive UNTIL).
 * Immutable.
 *
 * @param byDay the weekdays of a weekly rule; empty for daily and monthly rules (a weekly rule
 *     without days repeats on the first occurrence's weekday)
 * @param until null for a window that repeats for ever
 */
public record Recurrence(
    Frequency frequency, int interval, Set<DayOfWeek> byDay, ZoneId timeZone, Instant until) {

  /** RFC 5545's {@code FREQ} values Vigil supports. */
  public enum Frequency {
    DAILY,
    WEEKLY,
    MONTHLY;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Larger intervals are almost certainly typos (a daily rule every 1000 days?). */
  static final int MAX_INTERVAL = 1000;

  private static final String DAYS = "MO, TU, WE, TH, FR, SA or SU";

  /**
   * @throws IllegalArgumentException for a rule {@link #parse} would refuse in shape (a bug in the
   *     caller: users' rules come through {@code parse})
   */
  public Recurrence {
    java.util.Objects.requireNonNull(frequency, "frequency");
    java.util.Objects.requireNonNull(timeZone, "timeZone");
    if (interval < 1 || interval > MAX_INTERVAL) {
      throw new IllegalArgumentException("interval " + interval + " outside 1.." + MAX_INTERVAL);
    }
    byDay = byDay == null || byDay.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(byDay));
    if (!byDay.isEmpty() && frequency != Frequency.WEEKLY) {
      throw new IllegalArgumentException("byDay on a " + frequency.label() + " rule");
    }
  }

  /**
   * Reads a rule as an API client writes it, each refusal naming the field under {@code
   * recurrence}: {@code frequency} is {@code daily}, {@code weekly} or {@code monthly} (any case);
   * {@code interval} defaults to 1; {@code byDay} takes RFC 5545's two-letter days and only weekly
   * rules; {@code timeZone} is an IANA zone (default UTC).
   *
   * @param interval null for 1
   * @param byDay null or the days as given
   * @param timeZone null for UTC
   */
  public static Recurrence parse(
      String frequency, Integer interval, List<String> byDay, String timeZone, Instant until)
      throws SilenceRejected {
    if (frequency == null) {
      throw new SilenceRejected("recurrence.frequency", "is required: daily, weekly or monthly");
    }
    Frequency f;
    try {
      f = Frequency.valueOf(frequency.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SilenceRejected(
          "recurrence.frequency",
          "unknown frequency '" + frequency + "'; use daily, weekly or monthly");
    }
    int n = interval == null ? 1 : interval;
    if (n < 1 || n > MAX_INTERVAL) {
      throw new SilenceRejected(
          "recurrence.interval",
          "must be between 1 and " + MAX_INTERVAL + " (every n-th " + unit(f) + "), got " + n);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    if (byDay != null) {
      if (f != Frequency.WEEKLY) {
        throw new SilenceRejected(
            "recurrence.byDay",
            "only weekly rules take days; a "
                + f.label()
                + " window repeats at the first occurrence's time");
      }
      if (byDay.isEmpty()) {
        throw new SilenceRejected(
            "recurrence.byDay", "must name at least one day (" + DAYS + "), or be left out");
      }
      for (int i = 0; i < byDay.size(); i++) {
        days.add(day(byDay.get(i), "recurrence.byDay[" + i + "]"));
      }
    }
    ZoneId zone;
    try {
      zone = timeZone == null ? ZoneId.of("UTC") : ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new SilenceRejected(
          "recurrence.timeZone",
          "unknown time zone '" + timeZone + "'; use an IANA name such as Europe/Berlin or UTC");
    }
    return new Recurrence(f, n, days, zone, until);
  }

  private static DayOfWeek day(String v, String field) throws SilenceRejected {
    if (v != null) {
      for (DayOfWeek d : DayOfWeek.values()) {
        if (code(d).equalsIgnoreCase(v)) {
          return d;
        }
      }
    }
    throw new SilenceRejected(field, "'" + v + "' is not a day; use " + DAYS);
  }

  /** RFC 5545's two-letter code: {@code SU} for Sunday. */
  public static String code(DayOfWeek d) {
    return d.name().substring(0, 2);
  }

  /** The days in RFC 5545's codes, Monday first. */
  public List<String> byDayCodes() {
    List<String> out = new ArrayList<>();
    for (DayOfWeek d : DayOfWeek.values()) {
      if (byDay.contains(d)) {
        out.add(code(d));
      }
    }
    return out;
  }

  static String unit(Frequency f) {
    return switch (f) {
      case DAILY -> "day";
      case WEEKLY -> "week";
      case MONTHLY -> "month";
    };
  }

  /**
   * The rule as one line of RRULE-like text, as the maintenance file stores it: {@code
   * FREQ=WEEKLY;INTERVAL=1;BYDAY=SA,SU;TZID=Europe/Berlin;UNTIL=<epoch ms>}.
   */
  String toRule() {
    StringBuilder sb = new StringBuilder();
    sb.append("FREQ=").append(frequency).append(";INTERVAL=").append(interval);
    if (!byDay.isEmpty()) {
      sb.append(";BYDAY=").append(String.join(",", byDayCodes()));
    }
    sb.append(";TZID=").append(timeZone.getId());
    if (until != null) {
      sb.append(";UNTIL=").append(until.toEpochMilli());
    }
    return sb.toString();
  }

  /**
   * Reads {@link #toRule()}'s text back.
   *
   * @throws IllegalArgumentException when the text is not such a rule
   */
  static Recurrence fromRule(String rule) {
    String freq = null;
    Integer interval = null;
    List<String> days = null;
    String zone = null;
    Instant until = null;
    for (String part : rule.split(";")) {
      int eq = part.indexOf('=');
      String key = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      switch (key) {
        case "FREQ" -> freq = value;
        case "INTERVAL" -> interval = Integer.parseInt(value);
        case "BYDAY" -> days = List.of(value.split(","));
        case "TZID" -> zone = value;
        case "UNTIL" -> until = Instant.ofEpochMilli(Long.parseLong(value));
        default -> throw new IllegalArgumentException("unknown recurrence part '" + part + "'");
      }
    }
    try {
      return parse(freq, interval, days, zone, until);
    } catch (SilenceRejected e) {
      throw new IllegalArgumentException("recurrence '" + rule + "': " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return toRule();
  }
}
