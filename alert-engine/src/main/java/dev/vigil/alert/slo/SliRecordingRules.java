package dev.vigil.alert.slo;

import dev.vigil.alert.QueryLanguage;
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
      if (slo.sli() instanceof Sli.LogEvents logs) {
        rules.addAll(logCounts(logs, w, windowLabels(selector, options, w)));
      }
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

  /**
   * The LogQL recordings a {@link Sli.LogEvents} ratio reads: its counts over {@code window}, into
   * the tsdb with the SLO's labels and {@code sloth_window}. They come first in the group, so the
   * ratio rule after them sees this evaluation's counts.
   */
  static List<RecordingRule> logCounts(
      Sli.LogEvents logs, String window, java.util.Map<String, String> labels) {
    return List.of(
        new RecordingRule(
            logs.countMetric(), Sli.render(logs.countQuery(), window), labels, QueryLanguage.LOGQL),
        new RecordingRule(
            Sli.LogEvents.TOTAL_METRIC,
            Sli.render(logs.totalQuery(), window),
            labels,
            QueryLanguage.LOGQL));
  }

  private static TreeMap<String, String> windowLabels(
      SloSelector selector, GeneratorOptions options, String window) {
    TreeMap<String, String> labels = selector.labels(options.extraLabels());
    labels.put("sloth_window", window);
    return labels;
  }
}
