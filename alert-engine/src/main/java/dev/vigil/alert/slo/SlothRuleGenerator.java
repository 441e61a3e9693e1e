package dev.vigil.alert.slo;

import dev.vigil.alert.rules.RuleGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns an SLO into the Prometheus rules Sloth generates for it: three groups named {@code
 * sloth-slo-sli-recordings-<id>}, {@code sloth-slo-meta-recordings-<id>} and {@code
 * sloth-slo-alerts-<id>} (the last only when an alert is enabled). Keeping Sloth's names and labels
 * means Sloth's Grafana dashboards and existing alert routes work on Vigil unchanged.
 *
 * <p>Thread-safe and stateless apart from its options.
 */
public final class SlothRuleGenerator {
  private final GeneratorOptions options;

  public SlothRuleGenerator(GeneratorOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * The rule groups of {@code slo} with the window pairs of {@code windows}.
   *
   * @throws IllegalArgumentException if the budget period is shorter than the longest alert window
   *     or differs from the windows' period: the loader reports both to users before this point
   */
  public List<RuleGroup> generate(Slo slo, AlertWindows windows) {
    if (!slo.period().equals(windows.period())) {
      throw new IllegalArgumentException(
          "alert windows are for " + windows.period() + ", the SLO's period is " + slo.period());
    }
    if (slo.period().compareTo(windows.longest()) < 0) {
      throw new IllegalArgumentException(
          "period "
              + slo.period()
              + " is shorter than the longest alert window "
              + windows.longest());
    }
    SloSelector selector = new SloSelector(slo);
    List<RuleGroup> groups = new ArrayList<>(3);
    groups.add(SliRecordingRules.group(slo, windows, selector, options));
    groups.add(MetadataRules.group(slo, windows, selector, options));
    BurnRateAlertRules.group(slo, windows, selector, options).ifPresent(groups::add);
    return groups;
  }
}
