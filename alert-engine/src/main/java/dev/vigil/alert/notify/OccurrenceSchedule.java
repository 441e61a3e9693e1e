package dev.vigil.alert.notify;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The occurrences of a recurring maintenance window, computed in the rule's time zone: the first is
 * the window's own {@code startsAt}/{@code endsAt}; each later one starts on its date at the first
 * one's local time and lasts as long in local time (its nominal length, as RFC 5545 counts it), so
 * 02:00–04:00 stays 02:00–04:00 on both sides of a daylight saving change. A start inside a skipped
 * hour moves forward by the gap (02:30 becomes 03:30 on the spring-forward day); an ambiguous one
 * takes the earlier offset, as {@link ZonedDateTime#of} resolves them. An occurrence that falls
 * entirely into a skipped hour does not happen.
 *
 * <p>Occurrences are found by cycles (a day, week or month, times the interval): the cycle holding
 * a given instant is computed, not counted up to, so a rule years old costs as much as a new one.
 * Only a counted rule ({@code COUNT}) counts, once, the dates up to its last occurrence, which then
 * serves as its {@code UNTIL}; a date in {@code EXDATE} still counts (RFC 5545 removes excluded
 * dates after the rule has made them) but has no occurrence.
 */
final class OccurrenceSchedule {
  /**
   * How many cycles are searched for the next occurrence. Only monthly rules skip cycles (months
   * without the 31st, or non-leap Februaries for the 29th); their month sequence repeats within 12
   * cycles and leap years are at most 8 years apart, so 120 cycles always find one.
   */
  private static final int SEARCH_CYCLES = 120;

  /** Monthly rules: no month is shorter, so occurrences of this length never overlap. */
  private static final int SHORTEST_MONTH_DAYS = 28;

  private final Instant startsAt;
  private final Instant endsAt;
  private final Recurrence rule;
  private final ZoneId zone;
  private final LocalDate firstDate;
  private final LocalTime localStart;
  private final Duration localLength;
  private final List<DayOfWeek> days = new ArrayList<>();

  /** The latest start an occurrence may have: the rule's until, or its count-th date's start. */
  private final Instant until;

  OccurrenceSchedule(Instant startsAt, Instant endsAt, Recurrence rule) {
    this.startsAt = startsAt;
    this.endsAt = endsAt;
    this.rule = rule;
    this.zone = rule.timeZone();
    LocalDateTime start = startsAt.atZone(zone).toLocalDateTime();
    this.firstDate = start.toLocalDate();
    this.localStart = start.toLocalTime();
    Duration local = Duration.between(start, endsAt.atZone(zone).toLocalDateTime());
    // A first occurrence across a fall-back change can be shorter in local time than it lasts (or
    // even negative): keep its real length then.
    this.localLength = local.isPositive() ? local : Duration.between(startsAt, endsAt);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (rule.byDay().contains(d)) {
        days.add(d);
      }
    }
    if (days.isEmpty()) {
      days.add(firstDate.getDayOfWeek());
    }
    this.until = rule.count() == null ? rule.until() : countedUntil(rule.count());
  }

  /** The start of the {@code count}-th date of the rule, counting the first occurrence's. */
  private Instant countedUntil(int count) {
    int seen = 0;
    for (long k = 0; ; k++) {
      for (LocalDate d : datesOf(k)) {
        if (++seen == count) {
          return d.equals(firstDate)
              ? startsAt
              : ZonedDateTime.of(d.atTime(localStart), zone).toInstant();
        }
      }
      if (k > (long) count * 12 + SEARCH_CYCLES) {
        // A monthly rule's dates may skip months, never a dozen in a row: cannot happen.
        throw new IllegalStateException("BUG: " + rule + " makes no dates");
      }
    }
  }

  /** The occurrence under way at {@code now}, else the next one; empty after the last. */
  Optional<Occurrence> currentOrNext(Instant now) {
    long from = Math.max(0, cycleOf(now) - 1); // the previous cycle's last may still be under way
    for (long k = from; k <= from + SEARCH_CYCLES; k++) {
      for (LocalDate d : datesOf(k)) {
        Optional<Occurrence> o = on(d);
        if (o.isEmpty()) {
          continue;
        }
        if (until != null && o.get().startsAt().isAfter(until)) {
          return Optional.empty();
        }
        if (rule.exDates().contains(d)) {
          continue;
        }
        if (o.get().endsAt().isAfter(now)) {
          return o;
        }
      }
    }
    return Optional.empty();
  }

  /** The last occurrence (the latest starting at or before {@code until}); empty without until. */
  Optional<Occurrence> last() {
    if (until == null) {
      return Optional.empty();
    }
    long to = Math.max(0, cycleOf(until));
    for (long k = to; k >= Math.max(0, to - SEARCH_CYCLES); k--) {
      List<LocalDate> ds = datesOf(k);
      for (int i = ds.size() - 1; i >= 0; i--) {
        if (rule.exDates().contains(ds.get(i))) {
          continue;
        }
        Optional<Occurrence> o = on(ds.get(i));
        if (o.isPresent() && !o.get().startsAt().isAfter(until)) {
          return o;
        }
      }
    }
    // Only for an until before startsAt, which validation refuses: the first one is all there is.
    return Optional.of(new Occurrence(startsAt, endsAt));
  }

  /**
   * Refuses rules whose occurrences would not be what the user means, each naming the field.
   *
   * @param now a window whose last occurrence has ended is refused, as a one-off in the past is
   */
  void validate(Instant now) throws SilenceRejected {
    if (rule.until() != null && rule.until().isBefore(startsAt)) {
      throw new SilenceRejected(
          "recurrence.until",
          "must not be before startsAt ("
              + startsAt
              + "), the first occurrence; got "
              + rule.until());
    }
    if ((!rule.byNthDay().isEmpty() || !rule.byMonthDay().isEmpty())
        && !datesOf(0).contains(firstDate)) {
      throw new SilenceRejected(
          rule.byNthDay().isEmpty() ? "recurrence.byMonthDay" : "recurrence.byDay",
          "startsAt is the first occurrence, but "
              + firstDate
              + " ("
              + localStart
              + " in "
              + zone.getId()
              + ") is not one of the rule's days "
              + (rule.byNthDay().isEmpty() ? rule.byMonthDay() : rule.byDayCodes())
              + " in its month; start the window on one of them");
    }
    for (LocalDate d : rule.exDates()) {
      if (d.isBefore(firstDate)
          || !datesOf(cycleOf(d.atTime(localStart).atZone(zone).toInstant())).contains(d)
          || (until != null && d.atTime(localStart).atZone(zone).toInstant().isAfter(until))) {
        throw new SilenceRejected(
            "recurrence.exDates",
            d + " is not a date this rule has an occurrence on, so excluding it does nothing");
      }
    }
    if (!rule.byDay().isEmpty() && !rule.byDay().contains(firstDate.getDayOfWeek())) {
      throw new SilenceRejected(
          "recurrence.byDay",
          "startsAt is the first occurrence, but it is a "
              + firstDate.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
              + " ("
              + firstDate
              + " "
              + localStart
              + " in "
              + zone.getId()
              + "), which is not among "
              + rule.byDayCodes()
              + "; start the window on one of those days");
    }
    Duration gap = shortestGap();
    if (localLength.compareTo(gap) > 0) {
      throw new SilenceRejected(
          "endsAt",
          "an occurrence lasts "
              + human(localLength)
              + ", longer than the "
              + human(gap)
              + " between two starts of this "
              + rule.frequency().label()
              + " rule, so occurrences would overlap; shorten the window or make the interval"
              + " longer");
    }
    if (currentOrNext(now).isEmpty()) {
      throw new SilenceRejected(
          "recurrence.until",
          "the last occurrence ended at "
              + last().map(o -> o.endsAt().toString()).orElse("?")
              + ", so the window would never be active");
    }
  }

  /** The shortest time between two occurrences' starts, in local time. */
  private Duration shortestGap() {
    int n = rule.interval();
    return switch (rule.frequency()) {
      case DAILY -> Duration.ofDays(n);
      case MONTHLY ->
          rule.byNthDay().isEmpty() && rule.byMonthDay().isEmpty()
              ? Duration.ofDays((long) SHORTEST_MONTH_DAYS * n)
              : shortestGapSeen();
      case WEEKLY -> {
        int first = days.getFirst().getValue();
        int last = days.getLast().getValue();
        int shortest = first + 7 * n - last; // from the cycle's last day to the next cycle's first
        for (int i = 1; i < days.size(); i++) {
          shortest = Math.min(shortest, days.get(i).getValue() - days.get(i - 1).getValue());
        }
        yield Duration.ofDays(shortest);
      }
    };
  }

  /**
   * A monthly rule with several days a month: the shortest gap between consecutive dates over eight
   * years of its cycles, which holds every arrangement of month lengths and weekdays.
   */
  private Duration shortestGapSeen() {
    long shortest = Long.MAX_VALUE;
    LocalDate previous = null;
    for (long k = 0; k < 8 * 12; k++) {
      for (LocalDate d : datesOf(k)) {
        if (previous != null) {
          shortest = Math.min(shortest, ChronoUnit.DAYS.between(previous, d));
        }
        previous = d;
      }
    }
    return Duration.ofDays(shortest == Long.MAX_VALUE ? (long) SHORTEST_MONTH_DAYS : shortest);
  }

  /** The cycle (0 for the first occurrence's) whose dates hold {@code t}'s local date. */
  private long cycleOf(Instant t) {
    LocalDate d = t.atZone(zone).toLocalDate();
    int n = rule.interval();
    return switch (rule.frequency()) {
      case DAILY -> Math.floorDiv(ChronoUnit.DAYS.between(firstDate, d), n);
      case WEEKLY -> Math.floorDiv(Math.floorDiv(ChronoUnit.DAYS.between(firstMonday(), d), 7), n);
      case MONTHLY ->
          Math.floorDiv(ChronoUnit.MONTHS.between(YearMonth.from(firstDate), YearMonth.from(d)), n);
    };
  }

  /** The dates occurrences start on in cycle {@code k}, in order. */
  private List<LocalDate> datesOf(long k) {
    long n = rule.interval();
    return switch (rule.frequency()) {
      case DAILY -> List.of(firstDate.plusDays(k * n));
      case WEEKLY -> {
        LocalDate monday = firstMonday().plusWeeks(k * n);
        List<LocalDate> out = new ArrayList<>(days.size());
        for (DayOfWeek day : days) {
          LocalDate d = monday.plusDays(day.getValue() - 1L);
          if (!d.isBefore(firstDate)) {
            out.add(d);
          }
        }
        yield out;
      }
      case MONTHLY -> {
        YearMonth m = YearMonth.from(firstDate).plusMonths(k * n);
        java.util.TreeSet<LocalDate> out = new java.util.TreeSet<>();
        if (!rule.byNthDay().isEmpty()) {
          for (Recurrence.NthDay nd : rule.byNthDay()) {
            if (nd.ordinal() == 0) {
              for (LocalDate d = m.atDay(1).with(TemporalAdjusters.nextOrSame(nd.day()));
                  YearMonth.from(d).equals(m);
                  d = d.plusWeeks(1)) {
                out.add(d);
              }
            } else {
              // A fifth Sunday the month does not have is skipped, as RFC 5545 does.
              LocalDate d =
                  m.atDay(1).with(TemporalAdjusters.dayOfWeekInMonth(nd.ordinal(), nd.day()));
              if (YearMonth.from(d).equals(m)) {
                out.add(d);
              }
            }
          }
        } else if (!rule.byMonthDay().isEmpty()) {
          for (int day : rule.byMonthDay()) {
            int dom = day > 0 ? day : m.lengthOfMonth() + 1 + day;
            if (dom >= 1 && dom <= m.lengthOfMonth()) {
              out.add(m.atDay(dom));
            }
          }
        } else {
          // RFC 5545 skips months without the day (no 31 April), rather than moving it.
          int day = firstDate.getDayOfMonth();
          if (day <= m.lengthOfMonth()) {
            out.add(m.atDay(day));
          }
        }
        out.removeIf(d -> d.isBefore(firstDate));
        yield List.copyOf(out);
      }
    };
  }

  private LocalDate firstMonday() {
    return firstDate.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  /** The occurrence starting on {@code d}; empty when it falls into a skipped hour entirely. */
  private Optional<Occurrence> on(LocalDate d) {
    if (d.equals(firstDate)) {
      return Optional.of(new Occurrence(startsAt, endsAt));
    }
    LocalDateTime start = d.atTime(localStart);
    Instant s = ZonedDateTime.of(start, zone).toInstant();
    Instant e = ZonedDateTime.of(start.plus(localLength), zone).toInstant();
    return e.isAfter(s) ? Optional.of(new Occurrence(s, e)) : Optional.empty();
  }

  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
