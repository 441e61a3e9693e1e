package dev.vigil.alert.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.QueryLanguage;
import dev.vigil.alert.load.LoadedRules;
import dev.vigil.alert.load.RuleLoader;
import dev.vigil.alert.rules.AlertingRule;
import dev.vigil.alert.rules.RecordingRule;
import dev.vigil.alert.rules.Rule;
import dev.vigil.alert.rules.RuleGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a group's rules are cut into batches evaluated together. */
class RuleBatchesTest {
  @TempDir Path dir;

  private static RecordingRule record(String name, String expr) {
    return new RecordingRule(name, expr, Map.of());
  }

  @Test
  void aSlothSlisWindowsMakeOneBatchAndTheRollUpThatReadsTheFirstStartsTheNext() throws Exception {
    Path file = dir.resolve("slo.yml");
    Files.writeString(file, BatchedEvaluationTest.SLOS);
    LoadedRules rules = RuleLoader.withDefaults().loadFiles(List.of(file), LoadedRules.EMPTY);
    RuleGroup sli =
        rules.groups().stream()
            .filter(g -> g.name().equals("sloth-slo-sli-recordings-shop-checkout"))
            .findFirst()
            .orElseThrow();
    assertThat(sli.rules()).hasSize(8);
    assertThat(RuleBatches.of(sli.rules()))
        .containsExactly(List.of(0, 1, 2, 3, 4, 5, 6), List.of(7));
    // Every rule is in exactly one batch, in order, whatever the group.
    for (RuleGroup g : rules.groups()) {
      List<Integer> flat = RuleBatches.of(g.rules()).stream().flatMap(List::stream).toList();
      assertThat(flat)
          .as(g.name())
          .isEqualTo(java.util.stream.IntStream.range(0, g.rules().size()).boxed().toList());
    }
  }

  @Test
  void aRuleReadingWhatAnEarlierOneRecordsWaitsForIt() {
    List<Rule> rules =
        List.of(
            record("a:rate5m", "rate(a_total[5m])"),
            record("b:rate5m", "rate(b_total[5m])"),
            record("a:ratio", "a:rate5m / on () group_left b_total"),
            new AlertingRule(
                "High",
                "a:ratio > 1",
                java.time.Duration.ZERO,
                java.time.Duration.ZERO,
                Map.of(),
                Map.of()),
            record("c", "sum(c_total)"));
    assertThat(RuleBatches.of(rules)).containsExactly(List.of(0, 1), List.of(2), List.of(3, 4));
  }

  @Test
  void aSelectorWithoutAMetricNameOrALogqlRuleStandsAlone() {
    List<Rule> rules =
        List.of(
            record("a", "sum(a_total)"),
            record("b", "count({job=\"x\"})"),
            record("c", "sum(c_total)"),
            new RecordingRule(
                "d", "count_over_time({app=\"x\"}[5m])", Map.of(), QueryLanguage.LOGQL),
            record("e", "sum(e_total)"),
            record("f", "this does not parse ("));
    assertThat(RuleBatches.of(rules))
        .containsExactly(List.of(0), List.of(1, 2), List.of(3), List.of(4), List.of(5));
  }
}
