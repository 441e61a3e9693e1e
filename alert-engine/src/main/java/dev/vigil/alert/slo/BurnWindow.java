package dev.vigil.alert.slo;

import dev.vigil.promql.ast.DurationSyntax;
import java.time.Duration;
import java.util.Objects;

/**
 * One pair of windows of a multiwindow alert: it fires when both the long and the short window burn
 * the budget faster than {@link #factor}. The long window makes the alert significant, the short
 * one makes it reset soon after the problem stops.
 *
 * @param errorBudgetPercent the share of the period's budget that, spent within {@code longWindow},
 *     should alert: the SRE Workbook pages on 2 % in 1 h
 */
public record BurnWindow(double errorBudgetPercent, Duration shortWindow, Duration longWindow) {

  public BurnWindow {
    Objects.requireNonNull(shortWindow, "shortWindow");
    Objects.requireNonNull(longWindow, "longWindow");
    if (!(errorBudgetPercent > 0 && errorBudgetPercent <= 100)) {
      throw new IllegalArgumentException(
          "errorBudgetPercent must be in (0, 100], got " + errorBudgetPercent);
    }
    if (shortWindow.compareTo(longWindow) >= 0
        || shortWindow.isNegative()
        || shortWindow.isZero()) {
      throw new IllegalArgumentException(
          "shortWindow must be positive and shorter than longWindow, got "
              + shortWindow
              + " and "
              + longWindow);
    }
  }

  /**
   * The burn-rate threshold: spending {@code errorBudgetPercent} of the budget in {@code
   * longWindow} is a burn rate of {@code percent/100 × period/longWindow}; 14.4 for 2 % in 1 h of
   * 30 days. Computed as {@code (period/longWindow) × (percent/100)}, Sloth's order of operations,
   * so the thresholds print as Sloth prints them ({@code 14.4}, not {@code 14.400000000000002}).
   */
  public double factor(Duration period) {
    return ((double) period.toMillis() / longWindow.toMillis()) * (errorBudgetPercent / 100);
  }

  /** Vigil's {@code burn_window} label value: {@code long/short}, e.g. {@code 1h/5m}. */
  public String label() {
    return DurationSyntax.format(longWindow) + "/" + DurationSyntax.format(shortWindow);
  }
}
