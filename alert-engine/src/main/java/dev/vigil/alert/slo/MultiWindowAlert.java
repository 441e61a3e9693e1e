package dev.vigil.alert.slo;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The multiwindow multi-burn-rate condition in plain Java: what the generated alert expression
 * computes, for code that has the window error ratios at hand (tests, simulations, a future
 * evaluator that skips PromQL for SLOs). Pairs are tried quick first, as the generated {@code or}
 * keeps the quick pair's series, so the pair returned is the one {@code burn_window} names.
 */
public final class MultiWindowAlert {
  private final AlertWindows windows;
  private final double objectivePercent;

  public MultiWindowAlert(AlertWindows windows, double objectivePercent) {
    this.windows = Objects.requireNonNull(windows, "windows");
    this.objectivePercent = objectivePercent;
  }

  /**
   * The window pair of {@code severity} that fires, if any.
   *
   * @param errorRatio the error ratio over a window ending now; NaN (no traffic) never fires, as a
   *     PromQL comparison with NaN is false
   */
  public Optional<BurnWindow> firing(Severity severity, ToDoubleFunction<Duration> errorRatio) {
    for (BurnWindow pair : windows.of(severity)) {
      double factor = pair.factor(windows.period());
      if (ErrorBudget.firing(
          errorRatio.applyAsDouble(pair.shortWindow()),
          errorRatio.applyAsDouble(pair.longWindow()),
          factor,
          objectivePercent)) {
        return Optional.of(pair);
      }
    }
    return Optional.empty();
  }
}
