package dev.vigil.alert.unittest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.InstantVector;
import dev.vigil.alert.QueryException;
import dev.vigil.alert.QueryFunction;
import dev.vigil.alert.load.RuleLoader;
import dev.vigil.model.series.SeriesStore;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.Sample;
import dev.vigil.promql.engine.Value;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code vigil rules test} on promtool-format test files, with the real PromQL engine. */
class RulesUnitTestTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  static QueryFunction engine(SeriesStore store) {
    Engine e = new Engine(store, EngineOptions.DEFAULTS);
    return (tenant, expr, time) -> {
      try {
        Value v = e.instantQuery(tenant, expr, time).value();
        List<InstantVector.Sample> samples = new ArrayList<>();
        if (v instanceof Value.Vector vec) {
          for (Sample s : vec.samples()) {
            samples.add(new InstantVector.Sample(s.labels(), s.value()));
          }
        } else if (v instanceof Value.Scalar s) {
          samples.add(new InstantVector.Sample(dev.vigil.model.series.Labels.EMPTY, s.value()));
        }
        return new InstantVector(samples);
      } catch (RuntimeException ex) {
        throw new QueryException(ex.getMessage(), ex);
      }
    };
  }

  int run(String... files) throws URISyntaxException {
    List<String> args = new ArrayList<>();
    for (String f : files) {
      args.add(resource(f).toString());
    }
    return new RulesUnitTest(RuleLoader.withDefaults(), RulesUnitTestTest::engine)
        .run(args, new PrintStream(out, true), new PrintStream(err, true));
  }

  static Path resource(String name) throws URISyntaxException {
    return Path.of(RulesUnitTestTest.class.getResource("/unittest/" + name).toURI());
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void promtoolsDocumentationExamplePasses() throws Exception {
    assertThat(run("alerts_test.yml")).as(err()).isZero();
    assertThat(out()).contains("Unit Testing:").contains("  SUCCESS");
    assertThat(err()).isEmpty();
  }

  @Test
  void externalLabelsAndUrlReachTheTemplatesOfTheirGroup() throws Exception {
    assertThat(run("external_test.yml")).as(err()).isZero();
    assertThat(out()).contains("  SUCCESS");
  }

  @Test
  void groupEvalOrderRunsGroupsInTheOrderGiven() throws Exception {
    assertThat(run("order_test.yml")).as(err()).isZero();
    // The same expectation without the order fails: the reading group ran first.
    assertThat(run("unordered_test.yml")).isEqualTo(RulesUnitTest.FAILED);
    assertThat(err()).contains("expr: \"job:up:doubled\", time: 0s,").contains("got: []");
    err.reset();
    assertThat(run("order_missing_test.yml")).isEqualTo(RulesUnitTest.FAILED);
    assertThat(err()).contains("group_eval_order: group 'tripled' is in no rule file");
  }

  @Test
  void theLowTrafficGuardHoldsBackAPageOnFewEvents() throws Exception {
    assertThat(run("low-traffic_test.yml")).as(err()).isZero();
  }

  @Test
  void wrongExpectationsFailWithExpectedAndGot() throws Exception {
    assertThat(run("failing_test.yml")).isEqualTo(RulesUnitTest.FAILED);
    assertThat(err())
        .contains("  FAILED:")
        .contains("alertname: InstanceDown, time: 4m,")
        .contains("exp:[")
        .contains("got:[]")
        .contains("expr: \"up\", time: 1m,")
        .contains("got: [up{instance=\"a\", job=\"api\"} 0.0]")
        .contains("expr: \"up +\", time: 1m, err: ");
  }

  @Test
  void aMisspeltKeyOrBadSeriesIsNamed() throws Exception {
    assertThat(run("misspelt_test.yml")).isEqualTo(RulesUnitTest.FAILED);
    assertThat(err()).contains("tests[0].alert_rule_test[0].exp_alert: unknown key");
    err.reset();
    assertThat(run("badseries_test.yml")).isEqualTo(RulesUnitTest.FAILED);
    assertThat(err()).contains("tests[0].input_series[0].series: ");
  }

  @Test
  void missingFilesAndNoArgumentsAreReported() {
    assertThat(
            new RulesUnitTest(RuleLoader.withDefaults(), RulesUnitTestTest::engine)
                .run(List.of(), new PrintStream(out, true), new PrintStream(err, true)))
        .isEqualTo(RulesUnitTest.USAGE);
    assertThat(
            new RulesUnitTest(RuleLoader.withDefaults(), RulesUnitTestTest::engine)
                .run(
                    List.of("/nonexistent/x.yml"),
                    new PrintStream(out, true),
                    new PrintStream(err, true)))
        .isEqualTo(RulesUnitTest.FAILED);
    assertThat(err()).contains("/nonexistent/x.yml: no such file");
  }
}
