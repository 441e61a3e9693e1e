package dev.vigil.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Occurrences of recurring maintenance windows, checked against dates worked out by hand (with the
 * calendar and Berlin's UTC offsets: +01:00 in winter, +02:00 from the last Sunday of March 02:00
 * to the last Sunday of October 03:00).
 */
class OccurrenceScheduleTest {
  static Instant t(String s) {
    return Instant.parse(s);
  }

  static Recurrence rule(String freq, int interval, List<String> byDay, String zone, String until)
      throws SilenceRejected {
    return Recurrence.parse(freq, interval, byDay, zone, until == null ? null : t(until));
  }

  /** The first {@code n} occurrences from {@code from}, as "start/end" strings. */
  static List<String> occurrences(OccurrenceSchedule s, Instant from, int n) {
    List<String> out = new ArrayList<>();
    Instant now = from;
    for (int i = 0; i < n; i++) {
      Optional<Occurrence> o = s.currentOrNext(now);
      if (o.isEmpty()) {
        break;
      }
      out.add(o.get().startsAt() + "/" + o.get().endsAt());
      now = o.get().endsAt();
    }
    return out;
  }

  @Test
  void weeklyOnTwoDaysKeepsTheLocalTime() throws Exception {
    // Saturday 5 December 2026, 02:00-04:00 in Berlin (01:00Z), on Saturdays and Sundays.
    OccurrenceSchedule s =
        new OccurrenceSchedule(
            t("2026-12-05T01:00:00Z"),
            t("2026-12-05T03:00:00Z"),
            rule("weekly", 1, List.of("SU", "sa"), "Europe/Berlin", null));
    assertThat(occurrences(s, t("2026-12-01T00:00:00Z"), 4))
        .containsExactly(
            "2026-12-05T01:00:00Z/2026-12-05T03:00:00Z",
            "2026-12-06T01:00:00Z/2026-12-06T03:00:00Z",
            "2026-12-12T01:00:00Z/2026-12-12T03:00:00Z",
            "2026-12-13T01:00:00Z/2026-12-13T03:00:00Z");
    // During an occurrence it is the one under way; between two, the next.
    assertThat(s.currentOrNext(t("2026-12-13T02:59:59Z")).orElseThrow().startsAt())
        .isEqualTo(t("2026-12-13T01:00:00Z"));
    assertThat(s.currentOrNext(t("2026-12-13T03:00:00Z")).orElseThrow().startsAt())
        .isEqualTo(t("2026-12-19T01:00:00Z"));
    assertThat(s.last()).isEmpty();
  }

  @Test
  void everySundayTwoToFourInBerlinAcrossBothDaylightSavingChanges() throws Exception {
    OccurrenceSchedule s =
        new OccurrenceSchedule(
            t("2027-03-21T01:00:00Z"), // Sunday 02:00 CET
            t("2027-03-21T03:00:00Z"),
            rule("weekly", 1, List.of("SU"), "Europe/Berlin", null));
    assertThat(occurrences(s, t("2027-03-21T00:00:00Z"), 3))
        .containsExactly(
            "2027-03-21T01:00:00Z/2027-03-21T03:00:00Z",
            // 28 March: 02:00 does not exist, the start moves to 03:00 CEST; it ends 04:00 CEST.
            "2027-03-28T01:00:00Z/2027-03-28T02:00:00Z",
            // Summer time: 02:00-04:00 CEST.
            "2027-04-04T00:00:00Z/2027-04-04T02:00:00Z");
    assertThat(occurrences(s, t("2027-10-24T00:00:00Z"), 3))
        .containsExactly(
            "2027-10-24T00:00:00Z/2027-10-24T02:00:00Z",
            // 31 October: 02:00 happens twice, the first (CEST) starts it; 04:00 CET ends it.
            "2027-10-31T00:00:00Z/2027-10-31T03:00:00Z",
            "2027-11-07T01:00:00Z/2027-11-07T03:00:00Z");
  }

  @Test
  void dailyInUtcIgnoresDaylightSavingAndIntervalTwoSkipsEveryOtherDay() throws Exception {
    OccurrenceSchedule s =
        new OccurrenceSchedule(
            t("2027-03-27T10:00:00Z"),
            t("2027-03-27T10:30:00Z"),
            rule("daily", 2, null, null, null));
    assertThat(occurrences(s, t("2027-03-01T00:00:00Z"), 3))
        .containsExactly(
            "2027-03-27T10:00:00Z/2027-03-27T10:30:00Z",
            "2027-03-29T10:00:00Z/2027-03-29T10:30:00Z",
            "2027-03-31T10:00:00Z/2027-03-31T10:30:00Z");
    // Years later the cycle is computed, not counted up to.
    assertThat(s.currentOrNext(t("2036-01-01T11:00:00Z")).orElseThrow().startsAt())
        .isEqualTo(t("2036-01-03T10:00:00Z"));
  }

  @Test
  void weeklyEveryOtherWeek() throws Exception {
    // Monday 7 December 2026 22:00 - Tuesday 01:00 in New York (UTC-5): across midnight.
    OccurrenceSchedule s =
        new OccurrenceSchedule(
            t("2026-12-08T03:00:00Z"),
            t("2026-12-08T06:00:00Z"),
            rule("weekly", 2, null, "America/New_York", null));
    assertThat(occurrences(s, t("2026-12-08T04:00:00Z"), 3))
        .containsExactly(
            "2026-12-08T03:00:00Z/2026-12-08T06:00:00Z",
            "2026-12-22T03:00:00Z/2026-12-22T06:00:00Z",
            "2027-01-05T03:00:00Z/2027-01-05T06:00:00Z");
  }

  @Test
  void monthlySkipsMonthsWithoutTheDay() throws Exception {
    OccurrenceSchedule s =
        new OccurrenceSchedule(
            t("2027-01-31T20:00:00Z"),
            t("2027-01-31T22:00:00Z"),
            rule("monthly", 1, null, "UTC", null));
    assertThat(occurrences(s, t("2027-01-01T00:00:00Z"), 4))
        .containsExactly(
            "2027-01-31T20:00:00Z/2027-01-31T22:00:00Z",
            "2027-03-31T20:00:00Z/2027-03-31T22:00:00Z",
            "2027-05-31T20:00:00Z/2027-05-31T22:00:00Z",
            "2027-07-31T20:00:00Z/2027-07-31T22:00:00Z");
    // 29 February, every 12 months: only leap years have one.
    OccurrenceSchedule leap =
        new OccurrenceSchedule(
            t("2028-02-29T00:00:00Z"),
            t("2028-02-29T01:00:00Z"),
            rule("monthly", 12, null, "UTC", null));
    assertThat(leap.currentOrNext(t("2028-03-01T00:00:00Z")).orElseThrow().startsAt())
        .isEqualTo(t("2032-02-29T00:00:00Z"));
  }

  @Test
  void untilIsTheLatestStartAndEndsTheSeries() throws Exception {
    OccurrenceSchedule s =
        new OccurrenceSchedule(
            t("2026-12-06T01:00:00Z"),
            t("2026-12-06T03:00:00Z"),
            rule("weekly", 1, List.of("SU"), "Europe/Berlin", "2026-12-20T01:00:00Z"));
    assertThat(occurrences(s, t("2026-12-01T00:00:00Z"), 10))
        .containsExactly(
            "2026-12-06T01:00:00Z/2026-12-06T03:00:00Z",
            "2026-12-13T01:00:00Z/2026-12-13T03:00:00Z",
            "2026-12-20T01:00:00Z/2026-12-20T03:00:00Z");
    assertThat(s.last().orElseThrow().endsAt()).isEqualTo(t("2026-12-20T03:00:00Z"));
    assertThat(s.currentOrNext(t("2026-12-20T03:00:00Z"))).isEmpty();
    OccurrenceSchedule before =
        new OccurrenceSchedule(
            t("2026-12-06T01:00:00Z"),
            t("2026-12-06T03:00:00Z"),
            rule("weekly", 1, List.of("SU"), "Europe/Berlin", "2026-12-20T00:59:59Z"));
    assertThat(before.last().orElseThrow().startsAt()).isEqualTo(t("2026-12-13T01:00:00Z"));
  }

  @Test
  void aRecurringWindowIsPendingBetweenOccurrencesAndExpiredAfterTheLast() throws Exception {
    Silence w =
        new Silence(
            SilencesTest.T,
            "w",
            List.of(SilencesTest.eq("job", "db")),
            t("2026-12-06T01:00:00Z"),
            t("2026-12-06T03:00:00Z"),
            "ops",
            "weekly patching",
            t("2026-12-01T00:00:00Z"),
            rule("daily", 1, null, "Europe/Berlin", "2026-12-08T01:00:00Z"));
    dev.vigil.model.series.Labels db = dev.vigil.model.series.Labels.of("job", "db");
    assertThat(w.state(t("2026-12-06T00:00:00Z"))).isEqualTo(Silence.State.PENDING);
    assertThat(w.state(t("2026-12-07T02:00:00Z"))).isEqualTo(Silence.State.ACTIVE);
    assertThat(w.mutes(db, t("2026-12-07T02:00:00Z"))).isTrue();
    assertThat(w.state(t("2026-12-07T12:00:00Z"))).isEqualTo(Silence.State.PENDING);
    assertThat(w.mutes(db, t("2026-12-07T12:00:00Z"))).isFalse();
    assertThat(w.occurrence(t("2026-12-07T12:00:00Z")).orElseThrow())
        .isEqualTo(new Occurrence(t("2026-12-08T01:00:00Z"), t("2026-12-08T03:00:00Z")));
    assertThat(w.state(t("2026-12-08T03:00:00Z"))).isEqualTo(Silence.State.EXPIRED);
    assertThat(w.lastEndsAt()).contains(t("2026-12-08T03:00:00Z"));
  }
}
