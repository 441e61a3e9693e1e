package dev.vigil.alert.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The formulas against the numbers of the SRE Workbook, chapter 5 ("Alerting on SLOs"). */
class ErrorBudgetTest {
  static final Duration MONTH = Duration.ofDays(30);

  @Test
  void budgetIsOneMinusTheObjective() {
    assertThat(ErrorBudget.ratio(99.9)).isCloseTo(0.001, within(1e-12));
    assertThat(ErrorBudget.ratio(95)).isEqualTo(0.05);
    // Sloth's exact value: thresholds in generated rules must match to the last bit.
    assertThat(ErrorBudget.ratio(99.9)).isEqualTo(0.0009999999999999432);
  }

  @Test
  void burnRateIsTheErrorRatioOverTheBudget() {
    assertThat(ErrorBudget.burnRate(0.001, 99.9)).isCloseTo(1, within(1e-9));
    assertThat(ErrorBudget.burnRate(0.0144, 99.9)).isCloseTo(14.4, within(1e-9));
    assertThat(ErrorBudget.burnRate(0, 99.9)).isZero();
  }

  /** Workbook table 5-4: budget consumed, window, and the burn rate that alert needs. */
  @ParameterizedTest(name = "{0} % of a 30-day budget in {1} is burn rate {2}")
  @CsvSource({"2, PT1H, 14.4", "5, PT6H, 6", "10, P1D, 3", "10, P3D, 1"})
  void factorsOfTheWorkbook(double percent, Duration longWindow, double factor) {
    BurnWindow w = new BurnWindow(percent, Duration.ofMinutes(5), longWindow);
    assertThat(w.factor(MONTH)).isEqualTo(factor);
  }

  @Test
  void spendingTheFactorForTheLongWindowSpendsThePercentOfTheBudget() {
    // At burn rate 14.4 for one hour: 14.4 × 1h / 720h = 2 % of the budget is gone.
    double errorRatio = 14.4 * ErrorBudget.ratio(99.9);
    double periodRatio = errorRatio * 1 / 720; // the hour's errors spread over the month
    assertThat(1 - ErrorBudget.remaining(periodRatio, 99.9)).isCloseTo(0.02, within(1e-9));
  }

  @Test
  void remainingBudgetGoesNegativeOnceOverspent() {
    assertThat(ErrorBudget.remaining(0.0005, 99.9)).isCloseTo(0.5, within(1e-9));
    assertThat(ErrorBudget.remaining(0.002, 99.9)).isCloseTo(-1, within(1e-9));
  }

  @Test
  void timeToExhaustion() {
    // A full budget at burn rate 14.4 lasts 30 d / 14.4 = 50 h; at 1 it lasts the period.
    assertThat(ErrorBudget.timeToExhaustion(1, 14.4, MONTH)).contains(Duration.ofHours(50));
    assertThat(ErrorBudget.timeToExhaustion(1, 1, MONTH)).contains(MONTH);
    assertThat(ErrorBudget.timeToExhaustion(0.5, 2, MONTH)).contains(Duration.ofHours(180));
    assertThat(ErrorBudget.timeToExhaustion(0.5, 0, MONTH)).isEmpty();
    assertThat(ErrorBudget.timeToExhaustion(0.5, Double.NaN, MONTH)).isEmpty();
    assertThat(ErrorBudget.timeToExhaustion(-0.1, 3, MONTH)).contains(Duration.ZERO);
  }

  @Test
  void firingNeedsBothWindowsStrictlyAboveTheThreshold() {
    double threshold = 14.4 * ErrorBudget.ratio(99.9);
    assertThat(ErrorBudget.firing(threshold * 2, threshold * 1.01, 14.4, 99.9)).isTrue();
    assertThat(ErrorBudget.firing(threshold * 2, threshold, 14.4, 99.9)).isFalse();
    assertThat(ErrorBudget.firing(threshold / 2, threshold * 2, 14.4, 99.9)).isFalse();
    assertThat(ErrorBudget.firing(Double.NaN, threshold * 2, 14.4, 99.9)).isFalse();
  }
}
