package dev.vigil.alert.slo;

import dev.vigil.alert.rules.AlertingRule;
import dev.vigil.alert.rules.Rule;
import dev.vigil.alert.rules.RuleGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The alerts group: per enabled severity, one alert that fires while either of its window pairs
 * burns faster than its factor in both windows (the SRE Workbook's multiwindow multi-burn-rate
 * alert). With {@link GeneratorOptions#burnWindowLabel()} each pair tags its series with {@code
 * burn_window}, and {@code or ignoring (burn_window)} keeps one series per SLO: the quick pair's
 * when both fire.
 */
final class BurnRateAlertRules {
  static final String BURN_WINDOW = "burn_window";

  private BurnRateAlertRules() {}

  static Optional<RuleGroup> group(
      Slo slo, AlertWindows windows, SloSelector selector, GeneratorOptions options) {
    List<Rule> rules = new ArrayList<>(2);
    for (Severity severity : Severity.values()) {
      SloAlerting.Alert alert = slo.alerting().of(severity);
      if (!alert.enabled()) {
        continue;
      }
      TreeMap<String, String> labels = new TreeMap<>(slo.alerting().labels());
      labels.putAll(alert.labels());
      labels.put("sloth_severity", severity.label());
      TreeMap<String, String> annotations = defaultAnnotations(severity);
      annotations.putAll(slo.alerting().annotations());
      annotations.putAll(alert.annotations());
      rules.add(
          new AlertingRule(
              slo.alerting().name(),
              expr(slo, windows.of(severity), selector, options, alert.minEvents()),
              Duration.ZERO,
              Duration.ZERO,
              labels,
              annotations));
    }
    return rules.isEmpty()
        ? Optional.empty()
        : Optional.of(RuleGroup.of("sloth-slo-alerts-" + slo.id(), rules));
  }

  private static TreeMap<String, String> defaultAnnotations(Severity severity) {
    TreeMap<String, String> annotations = new TreeMap<>();
    annotations.put(
        "title",
        "("
            + severity.label()
            + ") {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error"
            + " budget burn rate is too fast.");
    annotations.put(
        "summary",
        "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over"
            + " expected.");
    return annotations;
  }

  private static String expr(
      Slo slo,
      List<BurnWindow> pairs,
      SloSelector selector,
      GeneratorOptions options,
      long minEvents) {
    String budget = SloNumbers.format(slo.errorBudgetRatio());
    List<String> alternatives = new ArrayList<>(pairs.size());
    for (BurnWindow pair : pairs) {
      String threshold = "(" + SloNumbers.format(pair.factor(slo.period())) + " * " + budget + ")";
      String both =
          "(\n    "
              + exceeds(selector, pair.shortWindow(), threshold)
              + "\n    and\n    "
              + exceeds(selector, pair.longWindow(), threshold)
              + guard(slo, pair, minEvents)
              + "\n)";
      alternatives.add(
          options.burnWindowLabel()
              ? "label_replace("
                  + both
                  + ", \""
                  + BURN_WINDOW
                  + "\", \""
                  + pair.label()
                  + "\", \"\", \"\")"
              : both);
    }
    String or = options.burnWindowLabel() ? "\nor ignoring (" + BURN_WINDOW + ")\n" : "\nor\n";
    return String.join(or, alternatives);
  }

  /**
   * The low-traffic guard: both windows must have seen {@code minEvents} events. The total query is
   * a per-second rate in Sloth's convention (its ratio is one of rates), so events = rate × window
   * seconds. {@code on ()}: the total is one series; the SLO's labels are on the other side.
   */
  private static String guard(Slo slo, BurnWindow pair, long minEvents) {
    if (minEvents > 0 && slo.sli() instanceof Sli.LogEvents) {
      return logGuard(slo, pair, minEvents);
    }
    if (minEvents <= 0 || !(slo.sli() instanceof Sli.Events e)) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (Duration w : List.of(pair.shortWindow(), pair.longWindow())) {
      sb.append("\n    and on ()\n    (")
          .append(Sli.render(e.totalQuery(), dev.vigil.promql.ast.DurationSyntax.format(w)))
          .append(") * ")
          .append(w.toSeconds())
          .append(" >= ")
          .append(minEvents);
    }
    return sb.toString();
  }

  /**
   * The low-traffic guard of a LogQL SLI: its total is a {@code count_over_time} (the loader
   * insists), recorded per window, so it is the event count itself.
   */
  private static String logGuard(Slo slo, BurnWindow pair, long minEvents) {
    StringBuilder sb = new StringBuilder();
    for (Duration w : List.of(pair.shortWindow(), pair.longWindow())) {
      sb.append("\n    and on ()\n    sum(")
          .append(Sli.LogEvents.TOTAL_METRIC)
          .append("{sloth_id=")
          .append(dev.vigil.promql.ast.GoQuote.quote(slo.id()))
          .append(", sloth_window=")
          .append(dev.vigil.promql.ast.GoQuote.quote(dev.vigil.promql.ast.DurationSyntax.format(w)))
          .append("}) >= ")
          .append(minEvents);
    }
    return sb.toString();
  }

  private static String exceeds(SloSelector selector, Duration window, String threshold) {
    return "max("
        + selector.select(SloSelector.sliMetric(window))
        + " > "
        + threshold
        + ") without (sloth_window)";
  }
}
