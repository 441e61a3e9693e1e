package dev.vigil.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SilencesTest {
  static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  static final Tenant T = Tenant.DEFAULT;
  @TempDir Path dir;
  final MutableClock clock = new MutableClock(NOW);

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  static SilenceMatcher eq(String name, String value) {
    return new SilenceMatcher(name, value, false, true);
  }

  static Silence draft(List<SilenceMatcher> matchers, Instant start, Instant end) {
    return new Silence(T, null, matchers, start, end, "alice", "deploy", null);
  }

  @Test
  void aSilenceMutesMatchingAlertsWhileActiveOnly() throws Exception {
    Silences s = new Silences(null, clock);
    String id =
        s.upsert(
            draft(
                List.of(
                    eq("sloth_id", "checkout-avail"), new SilenceMatcher("sev", "p.*", true, true)),
                NOW.plus(Duration.ofMinutes(10)),
                NOW.plus(Duration.ofHours(1))));
    Labels page = Labels.of("sloth_id", "checkout-avail", "sev", "page");
    Labels other = Labels.of("sloth_id", "search-avail", "sev", "page");
    assertThat(s.get(T, id).orElseThrow().state(NOW)).isEqualTo(Silence.State.PENDING);
    assertThat(s.mutedBy(T, page, NOW)).isEmpty();
    Instant active = NOW.plus(Duration.ofMinutes(20));
    assertThat(s.mutedBy(T, page, active)).containsExactly(id);
    assertThat(s.mutedBy(T, other, active)).isEmpty();
    assertThat(s.mutedBy(new Tenant("team-b"), page, active)).isEmpty();
    assertThat(s.mutedBy(T, page, NOW.plus(Duration.ofHours(1)))).isEmpty();
  }

  @Test
  void expiringEndsItNowAndUpdatingAnExpiredOneMakesANewOne() throws Exception {
    Silences s = new Silences(null, clock);
    Silence d = draft(List.of(eq("a", "b")), NOW, NOW.plus(Duration.ofHours(2)));
    String id = s.upsert(d);
    clock.now = NOW.plus(Duration.ofMinutes(5));
    assertThat(s.expire(new Tenant("other"), id)).isFalse();
    assertThat(s.expire(T, id)).isTrue();
    Silence expired = s.get(T, id).orElseThrow();
    assertThat(expired.state(clock.now)).isEqualTo(Silence.State.EXPIRED);
    assertThat(expired.endsAt()).isEqualTo(clock.now);
    assertThat(s.mutedBy(T, Labels.of("a", "b"), clock.now)).isEmpty();
    String again =
        s.upsert(
            new Silence(
                T,
                id,
                d.matchers(),
                clock.now,
                clock.now.plus(Duration.ofHours(1)),
                "bob",
                "x",
                null));
    assertThat(again).isNotEqualTo(id);
    String same =
        s.upsert(
            new Silence(
                T,
                again,
                d.matchers(),
                clock.now,
                clock.now.plus(Duration.ofHours(3)),
                "bob",
                "y",
                null));
    assertThat(same).isEqualTo(again);
    assertThat(s.get(T, same).orElseThrow().comment()).isEqualTo("y");
    assertThat(s.list(T)).extracting(Silence::id).containsExactly(again, id);
    assertThatThrownBy(() ->
            s.upsert(
                new Silence(
                    T, "nope", d.matchers(), clock.now, clock.now.plusSeconds(60), "a", "b", null)))
        .isInstanceOf(NoSuchElementException.class);
    // Expired silences are dropped once past retention.
    clock.now = clock.now.plus(Duration.ofHours(3)).plus(Silences.RETENTION).plusSeconds(1);
    assertThat(s.list(T)).isEmpty();
  }

  @Test
  void silencesSurviveARestartAndADamagedFileStartsEmpty() throws Exception {
    Path file = dir.resolve("silences");
    Silences s = new Silences(file, clock);
    String id =
        s.upsert(
            new Silence(
                T,
                null,
                List.of(eq("job", "a\tb&c=d,e"), new SilenceMatcher("x", "y|z", true, false)),
                NOW,
                NOW.plus(Duration.ofHours(1)),
                "alice ünïcode",
                "line\nbreak",
                null));
    Silence before = s.get(T, id).orElseThrow();
    Silence after = new Silences(file, clock).get(T, id).orElseThrow();
    assertThat(after).isEqualTo(before);
    Files.writeString(file, Files.readString(file).replace("alice", "mallory"));
    assertThat(new Silences(file, clock).list(T)).isEmpty();
  }

  static Stream<Arguments> hostile() {
    Instant end = NOW.plus(Duration.ofHours(1));
    return Stream.of(
        Arguments.of(draft(List.of(), NOW, end), "matchers: at least one matcher"),
        Arguments.of(
            draft(List.of(eq("1bad", "x")), NOW, end), "matchers[0].name: invalid label name"),
        Arguments.of(
            draft(List.of(eq("a", "x"), new SilenceMatcher(null, "x", false, true)), NOW, end),
            "matchers[1].name"),
        Arguments.of(
            draft(List.of(new SilenceMatcher("a", "(", true, true)), NOW, end),
            "matchers[0].value: invalid regular expression"),
        Arguments.of(
            draft(List.of(new SilenceMatcher("a", ".*", true, true)), NOW, end),
            "must not match the empty string"),
        Arguments.of(
            draft(List.of(new SilenceMatcher("a", "x", false, false)), NOW, end),
            "must not match the empty string"),
        Arguments.of(draft(List.of(eq("a", "x")), NOW, null), "endsAt: is required"),
        Arguments.of(draft(List.of(eq("a", "x")), NOW, NOW), "endsAt: must be after startsAt"),
        Arguments.of(
            draft(List.of(eq("a", "x")), NOW.minusSeconds(7200), NOW.minusSeconds(60)),
            "endsAt: is in the past"),
        Arguments.of(
            new Silence(T, null, List.of(eq("a", "x")), NOW, end, " ", "c", null),
            "createdBy: is required"),
        Arguments.of(
            new Silence(T, null, List.of(eq("a", "x")), NOW, end, "a", null, null),
            "comment: is required"),
        Arguments.of(
            new Silence(T, null, List.of(eq("a", "x".repeat(5000))), NOW, end, "a", "c", null),
            "matchers[0].value: longer than"));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void hostileSilencesAreRefusedNamingTheField(Silence draft, String message) {
    Silences s = new Silences(null, clock);
    assertThatThrownBy(() -> s.upsert(draft))
        .isInstanceOf(SilenceRejected.class)
        .hasMessageContaining(message);
    assertThat(s.list(T)).isEmpty();
  }
}
