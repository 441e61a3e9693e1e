package dev.vigil.alert.slo;

import dev.vigil.alert.rules.RecordingRule;
import dev.vigil.alert.rules.Rule;
import dev.vigil.alert.rules.RuleGroup;
import dev.vigil.promql.ast.DurationSyntax;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The SLI group: the error ratio over each alert window from the user's queries, then the ratio
 * over the whole period rolled up from the shortest window's series. The roll-up averages recorded
 * ratios instead of querying 30 days of raw data at every evaluation: that is what keeps a 30-day
 * SLO cheap.
 */
final class SliRecordingRules {
  private SliRecordingRules() {}

  static RuleGroup group(
      Slo slo, AlertWindows windows, SloSelector selector, GeneratorOptions options) {
    List<Rule> rules = new ArrayList<>();
    for (Duration window : windows.windows()) {
      String w = DurationSyntax.format(window);
      String ratio = slo.sli().errorRatioQuery(w);
      if (options.maintenanceExclusion()) {
        // A window that overlaps maintenance has no ratio: the roll-up to the period then skips
        // it (the budget is not spent) and no alert compares it (nobody is paged for the work).
        ratio =
            "(\n"
                + ratio
                + "\n)\nunless on ()\nmax_over_time("
                + GeneratorOptions.MAINTENANCE_METRIC
                + "{sloth_id=\""
                + slo.id()
                + "\"}["
                + w
                + "])";
      }
      rules.add(
          new RecordingRule(
              SloSelector.sliMetric(window), ratio, windowLabels(selector, options, w)));
    }
    String shortest = selector.select(SloSelector.sliMetric(windows.windows().get(0)));
    String period = DurationSyntax.format(slo.period());
    rules.add(
        new RecordingRule(
            SloSelector.sliMetric(slo.period()),
            "sum_over_time("
                + shortest
                + "["
                + period
                + "])\n/ ignoring (sloth_window)\n"
                + "count_over_time("
                + shortest
                + "["
                + period
                + "])",
            windowLabels(selector, options, period)));
    return RuleGroup.of("sloth-slo-sli-recordings-" + slo.id(), rules);
  }

  private static TreeMap<String, String> windowLabels(
      SloSelector selector, GeneratorOptions options, String window) {
    TreeMap<String, String> labels = selector.labels(options.extraLabels());
    labels.put("sloth_window", window);
    return labels;
  }
}
