package dev.vigil.alert.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.CanonicalExpr;
import dev.vigil.alert.rules.AlertingRule;
import dev.vigil.alert.rules.RuleGroup;
import dev.vigil.alert.slo.Sli;
import dev.vigil.alert.slo.Slo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** OpenSLO's own examples (placeholder queries) and a complete v1 file with an alert policy. */
class OpenSloExamplesTest {

  static LoadedRules load(String resource) throws Exception {
    Path p = Path.of(OpenSloExamplesTest.class.getResource(resource).toURI());
    return RuleLoader.withDefaults().loadFiles(List.of(p), LoadedRules.EMPTY);
  }

  static List<String> problems(LoadedRules loaded) {
    return loaded.problems().stream()
        .map(p ->
            Path.of(p.file()).getFileName()
                + ":"
                + p.line()
                + ": "
                + p.field()
                + ": "
                + p.message())
        .toList();
  }

  @Test
  void occurrencesWithAThresholdMetricBecomesAShareOfBadSamples() throws Exception {
    LoadedRules loaded = load("/conformance/openslo/occurences-slo.yaml");

    assertThat(loaded.problems()).isEmpty();
    Slo slo = loaded.slos().get(0);
    assertThat(slo.id()).isEqualTo("web-shop-search-slo-0");
    assertThat(slo.objective()).isEqualTo(99.0);
    assertThat(slo.period()).isEqualTo(Duration.ofDays(14));
    assertThat(slo.spec()).isEqualTo("openslo/v1");
    assertThat(slo.sli()).isEqualTo(new Sli.Threshold("Any", "<", 500));
    assertThat(CanonicalExpr.of(slo.sli().errorRatioQuery("5m")))
        .isEqualTo(
            CanonicalExpr.of(
                "1 - sum(count_over_time((Any < 500)[5m:])) / sum(count_over_time(Any[5m:]))"));
  }

  @Test
  void placeholderRatioQueriesAreRefusedForLackingTheWindow() throws Exception {
    assertThat(problems(load("/conformance/openslo/ratio-timeslices.yaml")))
        .containsExactly(
            "ratio-timeslices.yaml:20: spec.indicator.spec.ratioMetric.good.metricSource.spec.query:"
                + " must use {{.window}} as the range of its rate or _over_time functions, e.g."
                + " rate(x[{{.window}}]), so each alert window measures its own range",
            "ratio-timeslices.yaml:25: spec.indicator.spec.ratioMetric.total.metricSource.spec.query:"
                + " must use {{.window}} as the range of its rate or _over_time functions, e.g."
                + " rate(x[{{.window}}]), so each alert window measures its own range");
  }

  @Test
  void calendarWindowsAreRefusedWithTheReason() throws Exception {
    assertThat(problems(load("/conformance/openslo/timeslices-slo.yaml")))
        .contains(
            "timeslices-slo.yaml:28: spec.timeWindow[0].isRolling: calendar-aligned"
                + " windows are not supported yet; Vigil measures rolling windows (set isRolling:"
                + " true)");
  }

  @Test
  void timeslicesJudgeEachSliceAgainstItsTarget() {
    Sli sli =
        new Sli.Timesliced(
            new Sli.GoodOverTotal("sum(rate(ok[{{.window}}]))", "sum(rate(all[{{.window}}]))"),
            Duration.ofMinutes(1),
            OptionalDouble.of(0.99));
    assertThat(CanonicalExpr.of(sli.errorRatioQuery("1h")))
        .isEqualTo(
            CanonicalExpr.of(
                "avg_over_time((1 - (1 - sum(rate(ok[1m])) / sum(rate(all[1m]))) < bool 0.99)[1h:1m])"));
  }

  @Test
  void aV1FileWithReferencesAndAnAlertPolicyGeneratesSlothRulesAndTheBurnRateAlert()
      throws Exception {
    LoadedRules loaded = load("/rules/good/openslo-good.yaml");

    assertThat(loaded.problems()).isEmpty();
    Slo slo = loaded.slos().get(0);
    assertThat(slo.id()).isEqualTo("shop-checkout-0");
    assertThat(slo.period()).isEqualTo(Duration.ofDays(28));
    assertThat(loaded.groups())
        .extracting(RuleGroup::name)
        .containsExactly(
            "sloth-slo-sli-recordings-shop-checkout-0",
            "sloth-slo-meta-recordings-shop-checkout-0",
            "vigil-openslo-alerts-shop-checkout-0");
    AlertingRule alert = (AlertingRule) loaded.groups().get(2).rules().get(0);
    assertThat(alert.alert()).isEqualTo("checkout-fast-burn");
    assertThat(alert.forDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(alert.labels()).containsEntry("severity", "page").containsEntry("burn_window", "1h");
    assertThat(CanonicalExpr.of(alert.expr()))
        .isEqualTo(
            CanonicalExpr.of(
                "(sum(rate(http_requests_total{job=\"checkout\",code=~\"5..\"}[1h]))"
                    + " / sum(rate(http_requests_total{job=\"checkout\"}[1h]))) / "
                    + slo.errorBudgetRatio()
                    + " >= 14.4"));
  }

  @Test
  void slothsOpenSloExampleIsReadAsSlothReadsIt() throws Exception {
    LoadedRules loaded = load("/conformance/sloth/openslo-getting-started.yml");

    assertThat(loaded.slos())
        .singleElement()
        .satisfies(s -> {
          assertThat(s.id()).isEqualTo("my-service-sloth-slo-my-service-0");
          assertThat(s.objective()).isEqualTo(99.9);
          assertThat(s.spec()).isEqualTo("openslo/v1alpha");
          assertThat(s.alerting().page().enabled()).isFalse();
        });
  }
}
