package dev.vigil.alert.slo;

import java.time.Duration;
import java.util.Optional;

/**
 * The SRE Workbook's error-budget arithmetic (chapter 5, "Alerting on SLOs"). Objectives are in
 * percent as users write them; ratios are in [0, 1]. The same formulas are in the generated
 * recording rules, so a value computed here matches what the dashboards show.
 */
public final class ErrorBudget {
  private ErrorBudget() {}

  /**
   * The budget as a ratio: {@code (100 - objective) / 100}, in this order of operations because
   * that is how Sloth computes it and generated thresholds must agree to the last bit.
   */
  public static double ratio(double objectivePercent) {
    return (100 - objectivePercent) / 100;
  }

  /**
   * How fast the budget is spent: the error ratio over the allowed error ratio. 1 spends exactly
   * the budget in one period; 14.4 spends a 30-day budget in 50 hours.
   */
  public static double burnRate(double errorRatio, double objectivePercent) {
    return errorRatio / ratio(objectivePercent);
  }

  /**
   * The share of the budget left at the end of a period whose error ratio so far is {@code
   * periodErrorRatio}: {@code 1 - burnRate}. Negative once the budget is overspent.
   */
  public static double remaining(double periodErrorRatio, double objectivePercent) {
    return 1 - burnRate(periodErrorRatio, objectivePercent);
  }

  /**
   * How long until the remaining budget is gone at {@code burnRate}: the whole budget lasts {@code
   * period / burnRate}, the remaining share lasts that much less. Empty when nothing is burning
   * (the budget is never exhausted); zero when it already is.
   */
  public static Optional<Duration> timeToExhaustion(
      double remainingShare, double burnRate, Duration period) {
    if (remainingShare <= 0) {
      return Optional.of(Duration.ZERO);
    }
    if (!(burnRate > 0)) {
      return Optional.empty();
    }
    double millis = remainingShare * period.toMillis() / burnRate;
    return Optional.of(Duration.ofMillis(Math.round(millis)));
  }

  /**
   * Whether one window pair of a multiwindow alert fires: both windows' error ratios above {@code
   * factor × budget}. Strictly above, as the generated {@code >} comparison.
   */
  public static boolean firing(
      double shortErrorRatio, double longErrorRatio, double factor, double objectivePercent) {
    double threshold = factor * ratio(objectivePercent);
    return shortErrorRatio > threshold && longErrorRatio > threshold;
  }
}
