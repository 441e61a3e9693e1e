package dev.vigil.alert.slo;

import dev.vigil.alert.rules.RecordingRule;
import dev.vigil.alert.rules.Rule;
import dev.vigil.alert.rules.RuleGroup;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metadata group: objective, budget, period, burn rates and remaining budget as series, so
 * dashboards read them instead of re-deriving them, and {@code sloth_slo_info} describing the SLO.
 * The current burn rate reads the shortest alert window, the same series the period roll-up sums.
 */
final class MetadataRules {
  private MetadataRules() {}

  static RuleGroup group(
      Slo slo, AlertWindows windows, SloSelector selector, GeneratorOptions options) {
    Map<String, String> labels = selector.labels(options.extraLabels());
    String objective = SloNumbers.format(slo.objective() / 100);
    String budget = selector.select("slo:error_budget:ratio");
    String matching = "\n/ on(sloth_id, sloth_slo, sloth_service) group_left\n";
    TreeMap<String, String> info = new TreeMap<>(labels);
    info.put(
        "sloth_mode",
        options.modePrefix() + (slo.spec().startsWith("openslo") ? "-openslo" : "-prom"));
    info.put("sloth_objective", SloNumbers.format(slo.objective()));
    info.put("sloth_spec", slo.spec());
    info.put("sloth_version", options.version());
    List<Rule> rules =
        List.of(
            new RecordingRule("slo:objective:ratio", "vector(" + objective + ")", labels),
            new RecordingRule("slo:error_budget:ratio", "vector(1-" + objective + ")", labels),
            new RecordingRule(
                "slo:time_period:days", "vector(" + SloNumbers.format(days(slo)) + ")", labels),
            new RecordingRule(
                "slo:current_burn_rate:ratio",
                selector.select(SloSelector.sliMetric(windows.windows().get(0)))
                    + matching
                    + budget,
                labels),
            new RecordingRule(
                "slo:period_burn_rate:ratio",
                selector.select(SloSelector.sliMetric(slo.period())) + matching + budget,
                labels),
            new RecordingRule(
                "slo:period_error_budget_remaining:ratio",
                "1 - " + selector.select("slo:period_burn_rate:ratio"),
                labels),
            new RecordingRule("sloth_slo_info", "vector(1)", info));
    return RuleGroup.of("sloth-slo-meta-recordings-" + slo.id(), rules);
  }

  private static double days(Slo slo) {
    return slo.period().toMillis() / 86_400_000.0;
  }
}
