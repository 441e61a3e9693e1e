package dev.vigil.alert.notify;

import static dev.vigil.alert.notify.OccurrenceScheduleTest.occurrences;
import static dev.vigil.alert.notify.OccurrenceScheduleTest.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rest of RRULE a maintenance window takes: monthly rules on weekdays with their place in the
 * month ("the first Sunday") or on days of the month ("the last day"), a number of occurrences
 * instead of an end date, and dates taken out. Dates worked out with a calendar: the first Sundays
 * from December 2026 are 6 Dec, 3 Jan, 7 Feb, 7 Mar, 4 Apr; Berlin moves to +02:00 on 28 March
 * 2027.
 */
class MonthlyAndCountedWindowsTest {
  static final Instant NOW = t("2026-12-01T00:00:00Z");

  static Recurrence rule(
      String freq,
      List<String> byDay,
      List<Integer> byMonthDay,
      Integer count,
      List<String> exDates)
      throws SilenceRejected {
    return Recurrence.parse(freq, 1, byDay, byMonthDay, "Europe/Berlin", null, count, exDates);
  }

  static OccurrenceSchedule schedule(String start, String end, Recurrence r) throws Exception {
    OccurrenceSchedule s = new OccurrenceSchedule(t(start), t(end), r);
    s.validate(NOW);
    return s;
  }

  @Test
  void theFirstSundayOfEveryMonthKeepsItsLocalTime() throws Exception {
    OccurrenceSchedule s =
        schedule(
            "2026-12-06T01:00:00Z",
            "2026-12-06T03:00:00Z",
            rule("monthly", List.of("1SU"), null, null, null));
    assertThat(occurrences(s, NOW, 5))
        .containsExactly(
            "2026-12-06T01:00:00Z/2026-12-06T03:00:00Z",
            "2027-01-03T01:00:00Z/2027-01-03T03:00:00Z",
            "2027-02-07T01:00:00Z/2027-02-07T03:00:00Z",
            "2027-03-07T01:00:00Z/2027-03-07T03:00:00Z",
            "2027-04-04T00:00:00Z/2027-04-04T02:00:00Z");
  }

  @Test
  void theLastFridayTheFifthSundayAndTheLastDayOfTheMonth() throws Exception {
    assertThat(
            occurrences(
                schedule(
                    "2026-12-25T20:00:00Z",
                    "2026-12-25T21:00:00Z",
                    rule("monthly", List.of("-1FR"), null, null, null)),
                NOW,
                4))
        .containsExactly(
            "2026-12-25T20:00:00Z/2026-12-25T21:00:00Z",
            "2027-01-29T20:00:00Z/2027-01-29T21:00:00Z",
            "2027-02-26T20:00:00Z/2027-02-26T21:00:00Z",
            "2027-03-26T20:00:00Z/2027-03-26T21:00:00Z");
    // Months without a fifth Sunday are skipped: January and May 2027 have one.
    assertThat(
            occurrences(
                schedule(
                    "2027-01-31T01:00:00Z",
                    "2027-01-31T02:00:00Z",
                    rule("monthly", List.of("5SU"), null, null, null)),
                NOW,
                2))
        .containsExactly(
            "2027-01-31T01:00:00Z/2027-01-31T02:00:00Z",
            "2027-05-30T00:00:00Z/2027-05-30T01:00:00Z");
    assertThat(
            occurrences(
                schedule(
                    "2027-01-31T22:00:00Z",
                    "2027-01-31T22:30:00Z",
                    rule("monthly", null, List.of(-1), null, null)),
                NOW,
                3))
        .containsExactly(
            "2027-01-31T22:00:00Z/2027-01-31T22:30:00Z",
            "2027-02-28T22:00:00Z/2027-02-28T22:30:00Z",
            "2027-03-31T21:00:00Z/2027-03-31T21:30:00Z");
  }

  @Test
  void aCountedRuleEndsAfterItsLastOccurrenceAndExcludedDatesStillCount() throws Exception {
    // Every Sunday, four times, without 20 December: 6, 13, 27 December.
    OccurrenceSchedule s =
        schedule(
            "2026-12-06T01:00:00Z",
            "2026-12-06T03:00:00Z",
            Recurrence.parse(
                "weekly", 1, List.of("SU"), null, "Europe/Berlin", null, 4, List.of("2026-12-20")));
    assertThat(occurrences(s, NOW, 10))
        .containsExactly(
            "2026-12-06T01:00:00Z/2026-12-06T03:00:00Z",
            "2026-12-13T01:00:00Z/2026-12-13T03:00:00Z",
            "2026-12-27T01:00:00Z/2026-12-27T03:00:00Z");
    assertThat(s.last().orElseThrow().startsAt()).isEqualTo(t("2026-12-27T01:00:00Z"));
    assertThat(s.currentOrNext(t("2026-12-27T03:00:00Z"))).isEmpty();
  }

  @Test
  void rulesThatWouldNotDoWhatTheySayAreRefusedNamingTheField() {
    assertThatThrownBy(() ->
            schedule(
                "2026-12-13T01:00:00Z",
                "2026-12-13T03:00:00Z",
                rule("monthly", List.of("1SU"), null, null, null)))
        .isInstanceOf(SilenceRejected.class)
        .hasMessageContaining("recurrence.byDay")
        .hasMessageContaining(
            "2026-12-13 (02:00 in Europe/Berlin) is not one of the rule's days [1SU]");
    assertThatThrownBy(() ->
            schedule(
                "2026-12-06T01:00:00Z",
                "2026-12-06T03:00:00Z",
                rule("monthly", List.of("1SU"), null, null, List.of("2026-12-13"))))
        .hasMessageContaining("recurrence.exDates")
        .hasMessageContaining("2026-12-13 is not a date this rule has an occurrence on");
    assertThatThrownBy(() -> rule("weekly", List.of("1SU"), null, null, null))
        .hasMessageContaining("recurrence.byDay[0]")
        .hasMessageContaining("a place in the month (1SU, -1FR) is for monthly rules");
    assertThatThrownBy(() -> rule("monthly", List.of("0SU"), null, null, null))
        .hasMessageContaining("the place in the month must be 1 to 5 or -1 to -5");
    assertThatThrownBy(() -> rule("weekly", null, List.of(1), null, null))
        .hasMessageContaining("recurrence.byMonthDay")
        .hasMessageContaining("only monthly rules");
    assertThatThrownBy(() -> rule("monthly", List.of("SU"), List.of(1), null, null))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> rule("monthly", null, List.of(32), null, null))
        .hasMessageContaining("recurrence.byMonthDay[0]");
    assertThatThrownBy(() ->
            Recurrence.parse("daily", 1, null, null, null, t("2027-01-01T00:00:00Z"), 3, null))
        .hasMessageContaining("recurrence.count")
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> rule("daily", null, null, 1001, null))
        .hasMessageContaining("between 1 and 1000");
    assertThatThrownBy(() -> rule("daily", null, null, null, List.of("next sunday")))
        .hasMessageContaining("recurrence.exDates[0]");
    // Several days a month close together: occurrences longer than their gap would overlap.
    assertThatThrownBy(() ->
            schedule(
                "2026-12-01T01:00:00Z",
                "2026-12-03T01:00:00Z",
                rule("monthly", null, List.of(1, 2), null, null)))
        .hasMessageContaining("would overlap");
  }

  @Test
  void theStoredRuleReadsBackAsTheSame() throws Exception {
    Recurrence r =
        Recurrence.parse(
            "monthly",
            2,
            List.of("1SU", "-1fr", "WE"),
            null,
            "Europe/Berlin",
            null,
            12,
            List.of("2027-01-03", "2026-12-25"));
    assertThat(Recurrence.fromRule(r.toRule())).isEqualTo(r);
    assertThat(r.toRule())
        .isEqualTo(
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=1SU,-1FR,WE;TZID=Europe/Berlin;COUNT=12;"
                + "EXDATE=2026-12-25,2027-01-03");
    Recurrence days = Recurrence.parse("monthly", 1, null, List.of(1, -1), "UTC", null, null, null);
    assertThat(Recurrence.fromRule(days.toRule())).isEqualTo(days);
  }
}
