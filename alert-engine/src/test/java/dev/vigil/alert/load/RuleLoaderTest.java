package dev.vigil.alert.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.rules.RuleGroup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {
  @TempDir Path tmp;

  static final String GOOD_PROM =
      """
      groups:
        - name: api
          rules:
            - record: job:up:sum
              expr: sum by (job) (up)
      """;

  static final String GOOD_SLOTH =
      """
      version: "prometheus/v1"
      service: "shop"
      slos:
        - name: "availability"
          objective: 99.9
          sli:
            events:
              error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
              total_query: sum(rate(http_requests_total[{{.window}}]))
          alerting:
            name: ShopAvailability
      """;

  Path rules() throws Exception {
    Path dir = tmp.resolve("rules");
    Files.createDirectories(dir.resolve("team"));
    Files.writeString(dir.resolve("api.yml"), GOOD_PROM);
    Files.writeString(dir.resolve("team/shop.yaml"), GOOD_SLOTH);
    Files.writeString(dir.resolve("notes.txt"), "not a rule file");
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/x.yml"), "broken: [");
    return dir;
  }

  @Test
  void loadsEveryYamlFileBelowTheDirectoryNamedRelativeToItsParent() throws Exception {
    LoadedRules loaded = RuleLoader.withDefaults().load(rules(), LoadedRules.EMPTY);

    assertThat(loaded.files())
        .extracting(RuleFile::name)
        .containsExactly("rules/api.yml", "rules/team/shop.yaml");
    assertThat(loaded.hasErrors()).isFalse();
    assertThat(loaded.slos())
        .singleElement()
        .satisfies(s -> assertThat(s.id()).isEqualTo("shop-availability"));
    assertThat(loaded.groups())
        .extracting(RuleGroup::name)
        .containsExactly(
            "api",
            "sloth-slo-sli-recordings-shop-availability",
            "sloth-slo-meta-recordings-shop-availability",
            "sloth-slo-alerts-shop-availability");
  }

  @Test
  void aBrokenFileKeepsItsPreviousVersionWhileTheOthersUpdate() throws Exception {
    Path dir = rules();
    LoadedRules first = RuleLoader.withDefaults().load(dir, LoadedRules.EMPTY);

    Files.writeString(
        dir.resolve("api.yml"),
        GOOD_PROM.replace("job:up:sum", "job:up:count").replace("sum by", "count by"));
    Files.writeString(dir.resolve("team/shop.yaml"), GOOD_SLOTH.replace("99.9", "100"));
    LoadedRules second = RuleLoader.withDefaults().load(dir, first);

    RuleFile api = second.file(dir.resolve("api.yml")).orElseThrow();
    assertThat(api.status()).isEqualTo(RuleFile.Status.OK);
    assertThat(api.groups().get(0).rules().get(0).name()).isEqualTo("job:up:count");
    RuleFile shop = second.file(dir.resolve("team/shop.yaml")).orElseThrow();
    assertThat(shop.status()).isEqualTo(RuleFile.Status.ERROR);
    assertThat(shop.keptPrevious()).isTrue();
    assertThat(shop.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "rules/team/shop.yaml:5: slos[0].objective: must be below 100 (got 100): an objective of"
                + " 100 % leaves no error budget, so any single error would exhaust it; use e.g."
                + " 99.9");
    assertThat(shop.slos())
        .isEqualTo(first.file(dir.resolve("team/shop.yaml")).orElseThrow().slos());
    assertThat(second.groups()).hasSize(4);

    // Still broken on the next reload: the last valid version still runs.
    LoadedRules third = RuleLoader.withDefaults().load(dir, second);
    assertThat(third.file(dir.resolve("team/shop.yaml")).orElseThrow().groups())
        .isEqualTo(shop.groups());

    // A file broken from the start runs nothing.
    Files.writeString(dir.resolve("new.yml"), "groups: [{name: x}]");
    LoadedRules fourth = RuleLoader.withDefaults().load(dir, third);
    RuleFile fresh = fourth.file(dir.resolve("new.yml")).orElseThrow();
    assertThat(fresh.status()).isEqualTo(RuleFile.Status.ERROR);
    assertThat(fresh.keptPrevious()).isFalse();
    assertThat(fresh.groups()).isEmpty();
    assertThat(fresh.problems())
        .extracting(Problem::toString)
        .containsExactly("rules/new.yml:1: groups[0].rules: is required");
  }

  @Test
  void anSloIdUsedByTwoFilesRejectsTheLaterFile() throws Exception {
    Path dir = rules();
    Files.writeString(dir.resolve("team/shop-copy.yaml"), GOOD_SLOTH);

    LoadedRules loaded = RuleLoader.withDefaults().load(dir, LoadedRules.EMPTY);

    assertThat(loaded.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "rules/team/shop.yaml:4: slos[0].name: SLO id \"shop-availability\" (service-name) is"
                + " already used in rules/team/shop-copy.yaml");
  }

  @Test
  void aMissingDirectoryIsATypedError() {
    assertThatThrownBy(() -> RuleLoader.withDefaults().load(tmp.resolve("nope"), LoadedRules.EMPTY))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void alertWindowsFilesApplyToSlosOfTheirPeriodAcrossFiles() throws Exception {
    Path dir = tmp.resolve("rules");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("shop.yml"), GOOD_SLOTH);
    Files.copy(
        Path.of(getClass().getResource("/conformance/sloth/7d.yaml").toURI()),
        dir.resolve("7d.yaml"));
    RuleLoader sevenDays =
        new RuleLoader(java.time.Duration.ofDays(7), SlothConformanceTest.SLOTH_EXAMPLES);

    LoadedRules loaded = sevenDays.load(dir, LoadedRules.EMPTY);

    assertThat(loaded.problems()).isEmpty();
    List<RuleGroup> groups = loaded.file(dir.resolve("shop.yml")).orElseThrow().groups();
    assertThat(groups.get(0).rules())
        .extracting(r -> r.name())
        .containsExactly(
            "slo:sli_error:ratio_rate5m",
            "slo:sli_error:ratio_rate30m",
            "slo:sli_error:ratio_rate1h",
            "slo:sli_error:ratio_rate2h",
            "slo:sli_error:ratio_rate6h",
            "slo:sli_error:ratio_rate1d",
            "slo:sli_error:ratio_rate3d",
            "slo:sli_error:ratio_rate1w");
    String page = groups.get(2).rules().get(0).expr();
    // 8 % of a 7-day budget in 1 h is a burn rate of 168 × 0.08 = 13.44; 12.5 % in 6 h is 3.5.
    assertThat(page)
        .contains("(13.44 * 0.0009999999999999432)")
        .contains("(3.5 * 0.0009999999999999432)");
    String ticket = groups.get(2).rules().get(1).expr();
    // 20 % in 1 d is 7 × 0.2 = 1.4; 42 % in 3 d is 7/3 × 0.42 = 0.98.
    assertThat(ticket).contains("(1.4000000000000001 * ").contains("(0.98 * ");
    assertThat(groups.get(1).rules())
        .filteredOn(r -> r.name().equals("slo:time_period:days"))
        .singleElement()
        .satisfies(r -> assertThat(r.expr()).isEqualTo("vector(7)"));
  }

  @Test
  void aBrokenAlertWindowsFileKeepsItsWindowsForTheSlosOfOtherFiles() throws Exception {
    Path dir = tmp.resolve("rules");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("shop.yml"), GOOD_SLOTH);
    Path windows = dir.resolve("7d.yaml");
    Files.copy(Path.of(getClass().getResource("/conformance/sloth/7d.yaml").toURI()), windows);
    RuleLoader sevenDays =
        new RuleLoader(java.time.Duration.ofDays(7), SlothConformanceTest.SLOTH_EXAMPLES);
    LoadedRules first = sevenDays.load(dir, LoadedRules.EMPTY);

    Files.writeString(windows, Files.readString(windows).replace("errorBudgetPercent: 8", "x: 8"));
    LoadedRules second = sevenDays.load(dir, first);

    assertThat(second.file(windows).orElseThrow().status()).isEqualTo(RuleFile.Status.ERROR);
    assertThat(second.file(windows).orElseThrow().keptPrevious()).isTrue();
    assertThat(second.file(dir.resolve("shop.yml")).orElseThrow().groups())
        .isEqualTo(first.file(dir.resolve("shop.yml")).orElseThrow().groups());
  }

  @Test
  void rulesCheckPrintsPromtoolStyleOutputAndFailsOnAnyError() throws Exception {
    Path dir = rules();
    Path bad = dir.resolve("bad.yml");
    Files.writeString(bad, GOOD_PROM.replace("sum by (job) (up)", "sum by (job) up"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        new RulesCheck(RuleLoader.withDefaults())
            .run(
                List.of(dir.resolve("api.yml").toString(), bad.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(RulesCheck.FAILED);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "Checking "
                + dir.resolve("api.yml")
                + "\n  SUCCESS: 1 rules found\n\n"
                + "Checking "
                + bad
                + "\n\n");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "  FAILED:\n"
                + bad
                + ":5: groups[0].rules[0].expr: 1:14: parse error: unexpected"
                + " identifier \"up\" in aggregation\n");
  }

  @Test
  void rulesCheckSucceedsOnGoodFiles() throws Exception {
    Path dir = rules();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        new RulesCheck(RuleLoader.withDefaults())
            .run(
                List.of(dir.resolve("team/shop.yaml").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

    assertThat(code).isEqualTo(RulesCheck.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("SUCCESS: 17 rules found");
  }
}
