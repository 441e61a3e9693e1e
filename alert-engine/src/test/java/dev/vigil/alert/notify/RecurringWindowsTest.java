package dev.vigil.alert.notify;

import static dev.vigil.alert.notify.SilencesTest.NOW;
import static dev.vigil.alert.notify.SilencesTest.T;
import static dev.vigil.alert.notify.SilencesTest.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.series.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Recurring maintenance windows in their store: validation, muting, retention, persistence. */
class RecurringWindowsTest {
  // NOW is Friday 4 December 2026 10:00Z; the windows below start on Sunday 6 December.
  static final Instant SUNDAY_2AM_BERLIN = Instant.parse("2026-12-06T01:00:00Z");
  @TempDir Path dir;
  final SilencesTest.MutableClock clock = new SilencesTest.MutableClock(NOW);

  static Silence window(Instant start, Duration length, Recurrence r) {
    return new Silence(
        T, null, List.of(eq("job", "db")), start, start.plus(length), "ops", "patching", null, r);
  }

  static Recurrence sundays(Instant until) throws SilenceRejected {
    return Recurrence.parse("weekly", 1, List.of("SU"), "Europe/Berlin", until);
  }

  @Test
  void aWeeklyWindowMutesDuringOccurrencesOnly() throws Exception {
    Silences m = Silences.maintenanceWindows(null, clock);
    String id = m.upsert(window(SUNDAY_2AM_BERLIN, Duration.ofHours(2), sundays(null)));
    Labels db = Labels.of("job", "db");
    assertThat(m.mutedBy(T, db, NOW)).isEmpty();
    assertThat(m.mutedBy(T, db, SUNDAY_2AM_BERLIN.plusSeconds(60))).containsExactly(id);
    assertThat(m.mutedBy(T, db, SUNDAY_2AM_BERLIN.plus(Duration.ofHours(3)))).isEmpty();
    Instant nextSunday = SUNDAY_2AM_BERLIN.plus(Duration.ofDays(7));
    assertThat(m.mutedBy(T, db, nextSunday.plusSeconds(60))).containsExactly(id);
    // Years on, a window without until is still listed and still mutes on Sundays.
    clock.now = Instant.parse("2031-06-01T00:30:00Z"); // Sunday 02:30 CEST
    assertThat(m.list(T)).extracting(Silence::id).containsExactly(id);
    assertThat(m.mutedBy(T, db, clock.now)).containsExactly(id);
  }

  @Test
  void aWindowWithUntilIsKeptUntilRetentionAfterItsLastOccurrence() throws Exception {
    Silences m = Silences.maintenanceWindows(null, clock);
    Instant until = SUNDAY_2AM_BERLIN.plus(Duration.ofDays(14));
    String id = m.upsert(window(SUNDAY_2AM_BERLIN, Duration.ofHours(2), sundays(until)));
    Instant lastEnd = until.plus(Duration.ofHours(2));
    // Long after its first occurrence's end (where a one-off would be dropped), it is kept.
    clock.now = SUNDAY_2AM_BERLIN.plus(Duration.ofHours(2)).plus(Silences.RETENTION).plusSeconds(1);
    assertThat(m.list(T)).extracting(Silence::id).containsExactly(id);
    clock.now = lastEnd.plus(Silences.RETENTION).minusSeconds(1);
    assertThat(m.get(T, id).orElseThrow().state(clock.now)).isEqualTo(Silence.State.EXPIRED);
    assertThat(m.list(T)).hasSize(1);
    clock.now = lastEnd.plus(Silences.RETENTION).plusSeconds(1);
    assertThat(m.list(T)).isEmpty();
  }

  @Test
  void endingARecurringWindowEndsTheSeries() throws Exception {
    Silences m = Silences.maintenanceWindows(null, clock);
    String id = m.upsert(window(SUNDAY_2AM_BERLIN, Duration.ofHours(2), sundays(null)));
    clock.now = SUNDAY_2AM_BERLIN.plus(Duration.ofMinutes(30));
    assertThat(m.expire(T, id)).isTrue();
    Silence ended = m.get(T, id).orElseThrow();
    assertThat(ended.recurrence()).isNull();
    assertThat(ended.startsAt()).isEqualTo(SUNDAY_2AM_BERLIN);
    assertThat(ended.endsAt()).isEqualTo(clock.now);
    assertThat(m.mutedBy(T, Labels.of("job", "db"), SUNDAY_2AM_BERLIN.plus(Duration.ofDays(7))))
        .isEmpty();
  }

  @Test
  void silencesRefuseARecurrence() throws Exception {
    Silences s = new Silences(null, clock);
    assertThatThrownBy(
            () -> s.upsert(window(SUNDAY_2AM_BERLIN, Duration.ofHours(2), sundays(null))))
        .isInstanceOf(SilenceRejected.class)
        .hasMessageStartingWith("recurrence: silences do not recur; create a maintenance window");
  }

  static Stream<Arguments> refused() {
    Instant sun = SUNDAY_2AM_BERLIN;
    Duration two = Duration.ofHours(2);
    return Stream.of(
        Arguments.of(
            (Draft) () -> window(sun, two, Recurrence.parse("hourly", 1, null, null, null)),
            "recurrence.frequency: unknown frequency 'hourly'; use daily, weekly or monthly"),
        Arguments.of(
            (Draft) () -> window(sun, two, Recurrence.parse(null, 1, null, null, null)),
            "recurrence.frequency: is required"),
        Arguments.of(
            (Draft) () -> window(sun, two, Recurrence.parse("daily", 0, null, null, null)),
            "recurrence.interval: must be between 1 and 1000"),
        Arguments.of(
            (Draft)
                () ->
                    window(
                        sun,
                        two,
                        Recurrence.parse("weekly", 1, List.of("SU", "Sunday"), null, null)),
            "recurrence.byDay[1]: 'Sunday' is not a day; use MO, TU, WE, TH, FR, SA or SU"),
        Arguments.of(
            (Draft) () -> window(sun, two, Recurrence.parse("weekly", 1, List.of(), null, null)),
            "recurrence.byDay: must name at least one day"),
        Arguments.of(
            (Draft) () -> window(sun, two, Recurrence.parse("daily", 1, List.of("SU"), null, null)),
            "recurrence.byDay: only weekly and monthly rules take days"),
        Arguments.of(
            (Draft)
                () -> window(sun, two, Recurrence.parse("daily", 1, null, "Europe/Berlinn", null)),
            "recurrence.timeZone: unknown time zone 'Europe/Berlinn'"),
        Arguments.of(
            (Draft) () -> window(sun, two, sundays(sun.minusSeconds(1))),
            "recurrence.until: must not be before startsAt (2026-12-06T01:00:00Z)"),
        Arguments.of(
            (Draft)
                () ->
                    window(
                        sun,
                        two,
                        Recurrence.parse("weekly", 1, List.of("MO"), "Europe/Berlin", null)),
            "recurrence.byDay: startsAt is the first occurrence, but it is a Sunday (2026-12-06 02:00"
                + " in Europe/Berlin), which is not among [MO]"),
        Arguments.of(
            (Draft)
                () ->
                    window(
                        sun, Duration.ofHours(25), Recurrence.parse("daily", 1, null, null, null)),
            "endsAt: an occurrence lasts 25h, longer than the 24h between two starts of this daily"
                + " rule"),
        Arguments.of(
            (Draft)
                () ->
                    window(
                        sun,
                        Duration.ofDays(2),
                        Recurrence.parse("weekly", 1, List.of("SA", "SU"), null, null)),
            "endsAt: an occurrence lasts 48h, longer than the 24h between two starts"),
        Arguments.of(
            (Draft)
                () ->
                    window(
                        sun, Duration.ofDays(29), Recurrence.parse("monthly", 1, null, null, null)),
            "endsAt: an occurrence lasts 696h, longer than the 672h"),
        Arguments.of(
            (Draft)
                () ->
                    window(
                        NOW.minus(Duration.ofDays(10)),
                        two,
                        Recurrence.parse("daily", 1, null, null, NOW.minus(Duration.ofDays(3)))),
            "recurrence.until: the last occurrence ended at 2026-12-01T12:00:00Z, so the window"
                + " would never be active"));
  }

  /** A draft whose recurrence may already be refused while it is read. */
  interface Draft {
    Silence make() throws SilenceRejected;
  }

  @ParameterizedTest
  @MethodSource("refused")
  void badRecurrencesAreRefusedNamingTheField(Draft draft, String message) {
    Silences m = Silences.maintenanceWindows(null, clock);
    assertThatThrownBy(() -> m.upsert(draft.make()))
        .isInstanceOf(SilenceRejected.class)
        .hasMessageStartingWith(message);
    assertThat(m.list(T)).isEmpty();
  }

  @Test
  void aWindowWhoseFirstOccurrenceIsOverButNotTheNextIsAccepted() throws Exception {
    Silences m = Silences.maintenanceWindows(null, clock);
    String id =
        m.upsert(
            window(
                SUNDAY_2AM_BERLIN.minus(Duration.ofDays(7)), Duration.ofHours(2), sundays(null)));
    assertThat(m.get(T, id).orElseThrow().occurrence(NOW).orElseThrow().startsAt())
        .isEqualTo(SUNDAY_2AM_BERLIN);
  }

  @Test
  void recurringWindowsSurviveARestartInFormatVersionTwo() throws Exception {
    Path file = dir.resolve("maintenance");
    Silences m = Silences.maintenanceWindows(file, clock);
    String oneOff = m.upsert(window(NOW, Duration.ofHours(1), null));
    String weekly =
        m.upsert(
            window(
                SUNDAY_2AM_BERLIN,
                Duration.ofHours(2),
                Recurrence.parse(
                    "weekly",
                    2,
                    List.of("SU", "MO"),
                    "Europe/Berlin",
                    Instant.parse("2027-06-01T00:00:00Z"))));
    assertThat(Files.readString(file)).startsWith("vigil-silences 2 ");
    Silences reread = Silences.maintenanceWindows(file, clock);
    assertThat(reread.get(T, weekly)).isEqualTo(m.get(T, weekly));
    assertThat(reread.get(T, oneOff)).isEqualTo(m.get(T, oneOff));
    assertThat(reread.get(T, weekly).orElseThrow().recurrence().toRule())
        .isEqualTo("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;TZID=Europe/Berlin;UNTIL=1811808000000");
  }

  @Test
  void aFileWithoutRecurringWindowsStaysVersionOneAndOldFilesRead() throws Exception {
    Path file = dir.resolve("maintenance");
    Silences m = Silences.maintenanceWindows(file, clock);
    m.upsert(window(NOW, Duration.ofHours(1), null));
    assertThat(Files.readString(file)).startsWith("vigil-silences 1 ");
    // A line as Vigil wrote it before windows could recur: eight fields, version 1.
    ChecksummedLines.write(
        file,
        "vigil-silences",
        List.of(
            "default\told\tjob%2Cl%3D%2Cdb\t1764842400000\t1764846000000\t1764842400000\tops\tupgrade"));
    Silence old = Silences.maintenanceWindows(file, clock).get(T, "old").orElseThrow();
    assertThat(old.recurrence()).isNull();
    assertThat(old.matchers()).containsExactly(eq("job", "db"));
    assertThat(old.startsAt()).isEqualTo(Instant.ofEpochMilli(1764842400000L));
    assertThat(old.comment()).isEqualTo("upgrade");
  }

  @Test
  void aFileOfANewerVersionIsNotMisread() throws Exception {
    Path file = dir.resolve("maintenance");
    ChecksummedLines.write(file, "vigil-silences", 3, List.of("whatever\tcomes\tnext"));
    assertThat(Silences.maintenanceWindows(file, clock).list(T)).isEmpty();
    assertThatThrownBy(() -> ChecksummedLines.read(file, "vigil-silences", 2))
        .isInstanceOf(ChecksummedLines.CorruptFile.class)
        .hasMessageContaining("format version 3, written by a newer Vigil");
  }
}
