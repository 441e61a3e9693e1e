package dev.vigil.alert.slo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Simulated traffic with a known error burst, minute by minute: {@link MultiWindowAlert} works on
 * window error ratios summed from the simulated request counts, and its answer is checked against
 * the closed form the test derives from the burst alone. With constant traffic, a baseline error
 * ratio {@code e0} and a burst of ratio {@code eb}, a window of {@code W} minutes has error ratio
 * {@code e0 + (eb - e0) × overlap / W}, so it is above a threshold {@code θ} exactly when the
 * overlap of the window with the burst exceeds {@code k = (θ - e0) × W / (eb - e0)} minutes.
 */
class SyntheticTrafficTest {
  static final double OBJECTIVE = 99.9;
  static final long REQUESTS_PER_MINUTE = 10_000;
  static final long BASELINE_ERRORS = 2; // 0.02 %: a burn rate of 0.2, never alerting
  static final int WARM_UP = 3 * 1440; // the longest window must be full before judging
  static final AlertWindows WINDOWS = AlertWindows.sreWorkbook(Duration.ofDays(30));

  /**
   * A burst of {@code errorsPerMinute} from minute {@code start} for {@code minutes}, and whether
   * it should page and ticket at all (a check that the scenarios exercise what they claim to).
   */
  record Burst(
      String name, long errorsPerMinute, int start, int minutes, boolean pages, boolean tickets) {
    int end() {
      return start + minutes;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Burst> bursts() {
    return List.of(
        // 10 minutes of everything failing: 2.3 % of the budget in minutes.
        new Burst("full outage, 10 minutes", REQUESTS_PER_MINUTE, WARM_UP + 100, 10, true, true),
        // Burn rate 8 for 6 h spends 6.7 %: the 6h/30m page pair (6×), too short for tickets.
        new Burst("burn rate 8 for 6 hours", 80, WARM_UP + 100, 360, true, false),
        // Burn rate 4 is below every page factor, above the 1d/2h ticket factor 3.
        new Burst("burn rate 4 for a day", 40, WARM_UP + 100, 1440, false, true),
        // Burn rate 2.1 only crosses the 3d/6h ticket factor 1.
        new Burst("burn rate 2.1 for 3 days", 21, WARM_UP + 100, 3 * 1440, false, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bursts")
  void alertsFireAndResolveWhenTheFormulasSay(Burst burst) {
    int minutes = burst.end() + 3 * 1440 + 60;
    long[] errorsPrefix = new long[minutes + 1];
    for (int m = 0; m < minutes; m++) {
      boolean inBurst = m >= burst.start() && m < burst.end();
      errorsPrefix[m + 1] = errorsPrefix[m] + (inBurst ? burst.errorsPerMinute() : BASELINE_ERRORS);
    }
    MultiWindowAlert alert = new MultiWindowAlert(WINDOWS, OBJECTIVE);

    for (Severity severity : Severity.values()) {
      List<String> actual = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (int t = WARM_UP; t < minutes; t++) {
        int now = t;
        // What a rate over the window would see: the simulated counts of its last W minutes.
        ToDoubleFunction<Duration> measured =
            w -> {
              int width = (int) w.toMinutes();
              return (double) (errorsPrefix[now + 1] - errorsPrefix[now + 1 - width])
                  / (width * REQUESTS_PER_MINUTE);
            };
        record(actual, t, alert.firing(severity, measured));
        record(expected, t, expected(burst, severity, t));
      }
      assertThat(actual).as(severity + " transitions").isEqualTo(expected);
      boolean fires = severity == Severity.PAGE ? burst.pages() : burst.tickets();
      assertThat(!expected.isEmpty()).as(severity + " fires at all").isEqualTo(fires);
    }
  }

  /** The closed form: the first pair (quick, then slow) whose two windows overlap enough. */
  static Optional<BurnWindow> expected(Burst burst, Severity severity, int t) {
    double e0 = (double) BASELINE_ERRORS / REQUESTS_PER_MINUTE;
    double eb = (double) burst.errorsPerMinute() / REQUESTS_PER_MINUTE;
    for (BurnWindow pair : WINDOWS.of(severity)) {
      double threshold = pair.factor(WINDOWS.period()) * (1 - OBJECTIVE / 100);
      if (above(burst, t, pair.shortWindow(), threshold, e0, eb)
          && above(burst, t, pair.longWindow(), threshold, e0, eb)) {
        return Optional.of(pair);
      }
    }
    return Optional.empty();
  }

  static boolean above(Burst b, int t, Duration window, double threshold, double e0, double eb) {
    int w = (int) window.toMinutes();
    double k = (threshold - e0) * w / (eb - e0);
    // Integer overlaps against a non-integer k: no rounding can flip the comparison.
    assertThat(Math.abs(k - Math.rint(k))).as("k for " + window).isGreaterThan(1e-6);
    int overlap = Math.max(0, Math.min(t + 1, b.end()) - Math.max(t - w + 1, b.start()));
    return overlap > k;
  }

  /** Keeps only the minutes where the state changes: {@code 4420 fire 1h/5m}, {@code 4440 ok}. */
  private static void record(List<String> transitions, int t, Optional<BurnWindow> state) {
    String s = state.map(w -> "fire " + w.label()).orElse("ok");
    String last = transitions.isEmpty() ? "ok" : transitions.get(transitions.size() - 1);
    if (!last.endsWith(s)) {
      transitions.add(t + " " + s);
    }
  }

  @org.junit.jupiter.api.Test
  void aTenMinuteOutagePagesAtOnceAndTicketsAfterItsThirdMinute() {
    Burst outage = bursts().get(0);
    int s = outage.start();
    int e = outage.end();
    // Page: 1h/5m from the first minute while the 5m window still holds outage minutes, then
    // the 6h/30m pair until the 30m window has none.
    assertThat(expected(outage, Severity.PAGE, s)).map(BurnWindow::label).contains("1h/5m");
    assertThat(expected(outage, Severity.PAGE, e + 3)).map(BurnWindow::label).contains("1h/5m");
    assertThat(expected(outage, Severity.PAGE, e + 4)).map(BurnWindow::label).contains("6h/30m");
    // Minute t's 30m window is minutes t-29..t: the last outage minute, e-1, leaves it at e+29.
    assertThat(expected(outage, Severity.PAGE, e + 28)).isPresent();
    assertThat(expected(outage, Severity.PAGE, e + 29)).isEmpty();
    // Ticket: 3d needs more than 3.46 outage minutes (burn 1 × 0.1 %, 4320 min), so minute 4.
    assertThat(expected(outage, Severity.TICKET, s + 2)).isEmpty();
    assertThat(expected(outage, Severity.TICKET, s + 3)).map(BurnWindow::label).contains("3d/6h");
    // From the fifth minute the 1d window (> 4.03 minutes) fires too, and the quick pair wins.
    assertThat(expected(outage, Severity.TICKET, s + 4)).map(BurnWindow::label).contains("1d/2h");
  }
}
