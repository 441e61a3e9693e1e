package dev.vigil.alert.load;

import dev.vigil.alert.rules.AlertingRule;
import dev.vigil.alert.rules.Rule;
import dev.vigil.alert.rules.RuleGroup;
import dev.vigil.alert.slo.Slo;
import dev.vigil.promql.ast.DurationSyntax;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * OpenSLO alert policies as Prometheus alerts: a {@code burnrate} condition fires while the burn
 * rate over its {@code lookbackWindow} compares with {@code threshold} as {@code op} says, for at
 * least {@code alertAfter}. Sloth ignores OpenSLO alert policies; these rules are Vigil's own and
 * live in a group of their own, {@code vigil-openslo-alerts-<id>}.
 */
final class OpenSloAlertRules {
  private OpenSloAlertRules() {}

  static Optional<RuleGroup> group(Slo slo, List<OpenSloCatalog.Condition> conditions) {
    if (conditions.isEmpty()) {
      return Optional.empty();
    }
    List<Rule> rules = new ArrayList<>();
    for (OpenSloCatalog.Condition c : conditions) {
      String window = DurationSyntax.format(c.lookbackWindow());
      String budget = Double.toString(slo.errorBudgetRatio());
      String expr =
          "("
              + slo.sli().errorRatioQuery(window)
              + ") / "
              + budget
              + " "
              + c.op()
              + " "
              + c.threshold();
      Map<String, String> labels = new TreeMap<>(slo.labels());
      labels.put("sloth_id", slo.id());
      labels.put("sloth_service", slo.service());
      labels.put("sloth_slo", slo.name());
      labels.put("severity", c.severity());
      labels.put("burn_window", window);
      Map<String, String> annotations =
          Map.of(
              "summary",
              "{{$labels.sloth_service}} {{$labels.sloth_slo}}: burn rate over "
                  + window
                  + " is {{ $value | humanize }} (condition "
                  + c.name()
                  + ": "
                  + c.op()
                  + " "
                  + c.threshold()
                  + ")");
      rules.add(
          new AlertingRule(c.name(), expr, c.alertAfter(), Duration.ZERO, labels, annotations));
    }
    return Optional.of(RuleGroup.of("vigil-openslo-alerts-" + slo.id(), rules));
  }
}
