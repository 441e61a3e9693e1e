package dev.vigil.alert.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.CanonicalExpr;
import dev.vigil.alert.rules.AlertingRule;
import dev.vigil.alert.rules.Rule;
import dev.vigil.alert.rules.RuleGroup;
import dev.vigil.promql.PromQL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlothRuleGeneratorTest {
  static final Slo SLO =
      new Slo(
          "api",
          "latency",
          "",
          99.5,
          Duration.ofDays(30),
          new Sli.Events("sum(rate(slow_total[{{.window}}]))", "sum(rate(all_total[{{.window}}]))"),
          Map.of("team", "core"),
          new SloAlerting(
              "ApiLatency",
              Map.of(),
              Map.of(),
              new SloAlerting.Alert(true, Map.of("severity", "critical"), Map.of()),
              SloAlerting.Alert.DISABLED),
          "prometheus/v1");

  static final String SELECTOR =
      "{sloth_id=\"api-latency\", sloth_service=\"api\", sloth_slo=\"latency\"}";

  @Test
  void vigilModeNamesTheWindowPairThatFired() {
    List<RuleGroup> groups =
        new SlothRuleGenerator(GeneratorOptions.VIGIL)
            .generate(SLO, AlertWindows.sreWorkbook(Duration.ofDays(30)));

    assertThat(groups)
        .extracting(RuleGroup::name)
        .containsExactly(
            "sloth-slo-sli-recordings-api-latency",
            "sloth-slo-meta-recordings-api-latency",
            "sloth-slo-alerts-api-latency");
    AlertingRule page = (AlertingRule) groups.get(2).rules().get(0);
    assertThat(page.labels()).isEqualTo(Map.of("severity", "critical", "sloth_severity", "page"));
    String budget = Double.toString(ErrorBudget.ratio(99.5));
    String pair =
        "label_replace(max(slo:sli_error:ratio_rate%s"
            + SELECTOR
            + " > (%s * "
            + budget
            + ")) without (sloth_window) and max(slo:sli_error:ratio_rate%s"
            + SELECTOR
            + " > (%s * "
            + budget
            + ")) without (sloth_window), \"burn_window\", \"%s\", \"\", \"\")";
    assertThat(CanonicalExpr.of(page.expr()))
        .isEqualTo(
            CanonicalExpr.of(
                pair.formatted("5m", "14.4", "1h", "14.4", "1h/5m")
                    + " or ignoring (burn_window) "
                    + pair.formatted("30m", "6", "6h", "6", "6h/30m")));
  }

  @Test
  void everyGeneratedExpressionParsesInBothModes() {
    for (GeneratorOptions options :
        List.of(GeneratorOptions.VIGIL, GeneratorOptions.slothCli(Map.of(), "dev"))) {
      for (RuleGroup g :
          new SlothRuleGenerator(options)
              .generate(SLO, AlertWindows.sreWorkbook(Duration.ofDays(30)))) {
        for (Rule r : g.rules()) {
          PromQL.parse(r.expr());
        }
      }
    }
  }

  @Test
  void customWindowsDriveTheRecordedWindowsAndTheRollUp() {
    AlertWindows custom =
        new AlertWindows(
            Duration.ofDays(30),
            new BurnWindow(1, Duration.ofMinutes(2), Duration.ofMinutes(30)),
            new BurnWindow(2, Duration.ofMinutes(15), Duration.ofHours(3)),
            new BurnWindow(5, Duration.ofHours(1), Duration.ofHours(12)),
            new BurnWindow(5, Duration.ofHours(3), Duration.ofHours(36)));

    List<RuleGroup> groups =
        new SlothRuleGenerator(GeneratorOptions.slothCli(Map.of(), "dev")).generate(SLO, custom);

    assertThat(groups.get(0).rules())
        .extracting(Rule::name)
        .containsExactly(
            "slo:sli_error:ratio_rate2m",
            "slo:sli_error:ratio_rate15m",
            "slo:sli_error:ratio_rate30m",
            "slo:sli_error:ratio_rate1h",
            "slo:sli_error:ratio_rate3h",
            "slo:sli_error:ratio_rate12h",
            "slo:sli_error:ratio_rate1d12h",
            "slo:sli_error:ratio_rate30d");
    assertThat(groups.get(0).rules().get(7).expr())
        .contains("sum_over_time(slo:sli_error:ratio_rate2m" + SELECTOR + "[30d])");
    // 1 % of 30 days in 30 minutes: 1440 × 0.01 = 14.4.
    assertThat(groups.get(2).rules().get(0).expr()).contains("(14.4 * ");
  }

  @Test
  void refusesAPeriodShorterThanTheLongestWindow() {
    Slo shortPeriod =
        new Slo(
            "api",
            "latency",
            "",
            99.5,
            Duration.ofDays(2),
            SLO.sli(),
            Map.of(),
            SloAlerting.NONE,
            "prometheus/v1");
    assertThatThrownBy(() ->
            new SlothRuleGenerator(GeneratorOptions.VIGIL)
                .generate(shortPeriod, AlertWindows.sreWorkbook(Duration.ofDays(2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter than the longest alert window");
  }

  @Test
  void sloRefusesAnObjectiveOfAHundredPercent() {
    assertThatThrownBy(() ->
            new Slo(
                "a",
                "b",
                "",
                100,
                Duration.ofDays(30),
                SLO.sli(),
                Map.of(),
                SloAlerting.NONE,
                "prometheus/v1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
