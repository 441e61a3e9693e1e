package dev.vigil.alert.notify;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a maintenance window repeats: a subset of RFC 5545's RRULE ({@code FREQ}, {@code INTERVAL},
 * {@code BYDAY}, {@code BYMONTHDAY}, {@code UNTIL}, {@code COUNT}) and {@code EXDATE}, plus the
 * time zone the window's local start time is kept in. The window's own {@code startsAt}/{@code
 * endsAt} are the first occurrence; every later one starts at the same local wall-clock time in
 * {@link #timeZone()} (so "Sunday 02:00 Berlin" stays 02:00 across daylight saving changes) and
 * lasts as long in local time. {@code until}, when set, is the latest start an occurrence may have
 * (RFC 5545's inclusive UNTIL); {@code count} instead bounds the number of occurrences, the first
 * included. Immutable.
 *
 * @param byDay the weekdays of a weekly rule; empty for daily and monthly rules (a weekly rule
 *     without days repeats on the first occurrence's weekday)
 * @param byNthDay the weekdays of a monthly rule, each with its place in the month ({@code 1SU} the
 *     first Sunday, {@code -1FR} the last Friday, {@code SU} every Sunday); empty otherwise
 * @param byMonthDay the days of the month of a monthly rule (1 to 31, or -1 for the last day to
 *     -31); empty otherwise. A monthly rule with neither repeats on the first occurrence's day of
 *     the month
 * @param until null for no end date
 * @param count null for no limit on the number of occurrences; never set with {@code until}
 * @param exDates local dates (in {@code timeZone}) on which an occurrence would start but does not
 */
public record Recurrence(
    Frequency frequency,
    int interval,
    Set<DayOfWeek> byDay,
    List<NthDay> byNthDay,
    List<Integer> byMonthDay,
    ZoneId timeZone,
    Instant until,
    Integer count,
    Set<LocalDate> exDates) {

  /**
   * A weekday of a monthly rule and which of its kind in the month: 1 to 5 from the start, -1 to -5
   * from the end, 0 for each.
   */
  public record NthDay(int ordinal, DayOfWeek day) {
    public NthDay {
      java.util.Objects.requireNonNull(day, "day");
      if (ordinal < -5 || ordinal > 5) {
        throw new IllegalArgumentException("ordinal " + ordinal + " outside -5..5");
      }
    }

    /** RFC 5545's form: {@code 1SU}, {@code -1FR}, {@code SU}. */
    public String code() {
      return (ordinal == 0 ? "" : Integer.toString(ordinal)) + Recurrence.code(day);
    }
  }

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

  /** Occurrences a counted rule may have; for more, give an end date. */
  static final int MAX_COUNT = 1000;

  private static final java.util.regex.Pattern NTH_DAY =
      java.util.regex.Pattern.compile("([+-]?[0-9])?([A-Za-z]{2})");

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
    byNthDay = byNthDay == null ? List.of() : List.copyOf(byNthDay);
    byMonthDay = byMonthDay == null ? List.of() : List.copyOf(byMonthDay);
    if ((!byNthDay.isEmpty() || !byMonthDay.isEmpty()) && frequency != Frequency.MONTHLY) {
      throw new IllegalArgumentException("days of the month on a " + frequency.label() + " rule");
    }
    if (!byNthDay.isEmpty() && !byMonthDay.isEmpty()) {
      throw new IllegalArgumentException("both weekdays and days of the month");
    }
    for (int d : byMonthDay) {
      if (d == 0 || d < -31 || d > 31) {
        throw new IllegalArgumentException("day of the month " + d);
      }
    }
    if (count != null && (count < 1 || count > MAX_COUNT || until != null)) {
      throw new IllegalArgumentException("count " + count + " (with until " + until + ")");
    }
    exDates = exDates == null ? Set.of() : Set.copyOf(exDates);
  }

  /** A rule without days of the month, count or excluded dates. */
  public Recurrence(
      Frequency frequency, int interval, Set<DayOfWeek> byDay, ZoneId timeZone, Instant until) {
    this(frequency, interval, byDay, List.of(), List.of(), timeZone, until, null, Set.of());
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
    return parse(frequency, interval, byDay, null, timeZone, until, null, null);
  }

  /**
   * {@link #parse(String, Integer, List, String, Instant)} with the rest of the rule: monthly rules
   * take {@code byDay} with places in the month ({@code 1SU}, {@code -1FR}, {@code SU}) or {@code
   * byMonthDay} (1 to 31, -1 to -31 from the end); {@code count} (1 to 1000) bounds the occurrences
   * instead of {@code until}; {@code exDates} are local dates whose occurrence is skipped.
   *
   * @param byMonthDay null or the days as given
   * @param count null for no count
   * @param exDates null or the dates as given (ISO, 2027-01-03)
   */
  public static Recurrence parse(
      String frequency,
      Integer interval,
      List<String> byDay,
      List<Integer> byMonthDay,
      String timeZone,
      Instant until,
      Integer count,
      List<String> exDates)
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
    List<NthDay> nthDays = new ArrayList<>();
    if (byDay != null) {
      if (f == Frequency.DAILY) {
        throw new SilenceRejected(
            "recurrence.byDay",
            "only weekly and monthly rules take days; a daily window repeats every day at the"
                + " first occurrence's time");
      }
      if (byDay.isEmpty()) {
        throw new SilenceRejected(
            "recurrence.byDay", "must name at least one day (" + DAYS + "), or be left out");
      }
      for (int i = 0; i < byDay.size(); i++) {
        String field = "recurrence.byDay[" + i + "]";
        if (f == Frequency.WEEKLY) {
          days.add(day(byDay.get(i), field));
        } else {
          nthDays.add(nthDay(byDay.get(i), field));
        }
      }
    }
    List<Integer> monthDays = new ArrayList<>();
    if (byMonthDay != null) {
      if (f != Frequency.MONTHLY) {
        throw new SilenceRejected(
            "recurrence.byMonthDay", "only monthly rules take days of the month");
      }
      if (byMonthDay.isEmpty()) {
        throw new SilenceRejected(
            "recurrence.byMonthDay", "must name at least one day (1 to 31, -1 for the last)");
      }
      if (!nthDays.isEmpty()) {
        throw new SilenceRejected(
            "recurrence.byMonthDay",
            "give either weekdays (byDay) or days of the month (byMonthDay), not both");
      }
      for (int i = 0; i < byMonthDay.size(); i++) {
        Integer d = byMonthDay.get(i);
        if (d == null || d == 0 || d < -31 || d > 31) {
          throw new SilenceRejected(
              "recurrence.byMonthDay[" + i + "]",
              "must be 1 to 31, or -1 (the last day) to -31; got " + d);
        }
        monthDays.add(d);
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
    if (count != null) {
      if (until != null) {
        throw new SilenceRejected(
            "recurrence.count", "give either until or count, not both (RFC 5545 allows one)");
      }
      if (count < 1 || count > MAX_COUNT) {
        throw new SilenceRejected(
            "recurrence.count",
            "must be between 1 and "
                + MAX_COUNT
                + " occurrences; got "
                + count
                + " (for more, give until)");
      }
    }
    Set<LocalDate> skipped = new java.util.TreeSet<>();
    if (exDates != null) {
      for (int i = 0; i < exDates.size(); i++) {
        try {
          skipped.add(LocalDate.parse(exDates.get(i)));
        } catch (DateTimeException | NullPointerException e) {
          throw new SilenceRejected(
              "recurrence.exDates[" + i + "]",
              "'" + exDates.get(i) + "' is not a date such as 2027-01-03");
        }
      }
    }
    return new Recurrence(f, n, days, nthDays, monthDays, zone, until, count, skipped);
  }

  private static NthDay nthDay(String v, String field) throws SilenceRejected {
    java.util.regex.Matcher m = v == null ? null : NTH_DAY.matcher(v.strip());
    if (m == null || !m.matches()) {
      throw new SilenceRejected(
          field,
          "'"
              + v
              + "' is not a day of a monthly rule; use "
              + DAYS
              + ", with its place in the month in front: 1SU the first Sunday, -1FR the last"
              + " Friday, SU every Sunday");
    }
    int ordinal = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
    if (m.group(1) != null && (ordinal == 0 || ordinal < -5 || ordinal > 5)) {
      throw new SilenceRejected(
          field, "'" + v + "': the place in the month must be 1 to 5 or -1 to -5");
    }
    return new NthDay(ordinal, day(m.group(2), field));
  }

  private static DayOfWeek day(String v, String field) throws SilenceRejected {
    if (v != null) {
      for (DayOfWeek d : DayOfWeek.values()) {
        if (code(d).equalsIgnoreCase(v)) {
          return d;
        }
      }
      if (NTH_DAY.matcher(v.strip()).matches()) {
        throw new SilenceRejected(
            field,
            "'" + v + "': a place in the month (1SU, -1FR) is for monthly rules; use " + DAYS);
      }
    }
    throw new SilenceRejected(field, "'" + v + "' is not a day; use " + DAYS);
  }

  /** RFC 5545's two-letter code: {@code SU} for Sunday. */
  public static String code(DayOfWeek d) {
    return d.name().substring(0, 2);
  }

  /** The days in RFC 5545's codes: a weekly rule's Monday first, a monthly rule's as given. */
  public List<String> byDayCodes() {
    List<String> out = new ArrayList<>();
    for (DayOfWeek d : DayOfWeek.values()) {
      if (byDay.contains(d)) {
        out.add(code(d));
      }
    }
    for (NthDay d : byNthDay) {
      out.add(d.code());
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
    if (!byDay.isEmpty() || !byNthDay.isEmpty()) {
      sb.append(";BYDAY=").append(String.join(",", byDayCodes()));
    }
    if (!byMonthDay.isEmpty()) {
      sb.append(";BYMONTHDAY=")
          .append(String.join(",", byMonthDay.stream().map(String::valueOf).toList()));
    }
    sb.append(";TZID=").append(timeZone.getId());
    if (until != null) {
      sb.append(";UNTIL=").append(until.toEpochMilli());
    }
    if (count != null) {
      sb.append(";COUNT=").append(count);
    }
    if (!exDates.isEmpty()) {
      sb.append(";EXDATE=")
          .append(
              String.join(
                  ",", new java.util.TreeSet<>(exDates).stream().map(String::valueOf).toList()));
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
    List<Integer> monthDays = null;
    String zone = null;
    Instant until = null;
    Integer count = null;
    List<String> exDates = null;
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
        case "BYMONTHDAY" ->
            monthDays = java.util.Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
        case "COUNT" -> count = Integer.valueOf(value);
        case "EXDATE" -> exDates = List.of(value.split(","));
        default -> throw new IllegalArgumentException("unknown recurrence part '" + part + "'");
      }
    }
    try {
      return parse(freq, interval, days, monthDays, zone, until, count, exDates);
    } catch (SilenceRejected e) {
      throw new IllegalArgumentException("recurrence '" + rule + "': " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return toRule();
  }
}
