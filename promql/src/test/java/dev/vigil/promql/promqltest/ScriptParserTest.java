package dev.vigil.promql.promqltest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.promql.promqltest.SampleValue.Number;
import dev.vigil.promql.promqltest.SampleValue.Omitted;
import dev.vigil.promql.promqltest.SampleValue.Stale;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptParserTest {

  private static final String SCRIPT =
      """
      # A comment line.
      load 5m
        http_requests{job="api", instance="0"}\t0+10x3 _x2 stale 1-1x2 _ 5x1
        {__name__="up", "service.name"="a"} -Inf NaN 1e3 0x10
        hist {{schema:0 sum:5 count:4 buckets:[1 2 1]}}+{{sum:1}}x2 3

      load_with_nhcb 1m
        x_bucket{le="+Inf"} 1

      clear

      eval instant at 50m sum by (job) (http_requests)
        expect no_warn
        expect info msg: PromQL info: something (1:5)
        {job="api"} 30

      eval range from 0 to 10m step 5m up
        up{"service.name"="a"} -Inf NaN 1000

      eval instant at 1m 1 + 1
        2

      eval instant at 0 "Foo"
        expect string `Foo`

      eval instant at 1m some_metric[1m]
        expect range vector from 10s to 1m step 10s
        some_metric 1 2 3

      eval_fail instant at 0 label_replace(x, "a", "b", "c", "(")
        expected_fail_message invalid regex

      eval_ordered instant at 0 sort(x)

      eval instant at 0 topk(NaN, x)
        expect fail regex: Parameter .* NaN
      """;

  @Test
  void readsEveryCommandOfAScript() {
    TestScript script = new ScriptParser().parse("inline.test", SCRIPT);
    assertThat(script.commands()).hasSize(11);
    assertThat(script.count(LoadCommand.class)).isEqualTo(2);
    assertThat(script.count(ClearCommand.class)).isEqualTo(1);
    assertThat(script.evals()).hasSize(8);
  }

  @Test
  void expandsSeriesValues() {
    LoadCommand load = (LoadCommand) new ScriptParser().parse("t", SCRIPT).commands().get(0);
    assertThat(load.line()).isEqualTo(2);
    assertThat(load.interval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(load.withNativeHistogramCustomBuckets()).isFalse();

    SeriesLine http = load.series().get(0);
    assertThat(http.line()).isEqualTo(3);
    assertThat(http.labels())
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of("__name__", "http_requests", "instance", "0", "job", "api")));
    assertThat(http.values())
        .containsExactly(
            new Number(0),
            new Number(10),
            new Number(20),
            new Number(30),
            new Omitted(),
            new Omitted(),
            new Stale(),
            new Number(1),
            new Number(0),
            new Number(-1),
            new Omitted(),
            new Number(5),
            new Number(5));

    SeriesLine up = load.series().get(1);
    assertThat(up.labels()).containsEntry("__name__", "up").containsEntry("service.name", "a");
    // As in Prometheus, "0x10" in a series is 0 repeated (11 values), not hexadecimal 16.
    assertThat(up.values()).hasSize(14);
    assertThat(up.values().subList(0, 4))
        .containsExactly(
            new Number(Double.NEGATIVE_INFINITY),
            new Number(Double.NaN),
            new Number(1000),
            new Number(0));

    SeriesLine hist = load.series().get(2);
    assertThat(hist.hasUnsupportedValues()).isTrue();
    assertThat(hist.values().get(0))
        .isEqualTo(
            new SampleValue.Unsupported(
                "{{schema:0 sum:5 count:4 buckets:[1 2 1]}}+{{sum:1}}x2",
                "native histogram sample values are not supported yet"));
    assertThat(hist.values().get(1)).isEqualTo(new Number(3));
  }

  @Test
  void readsEvalCommandsWithExpectations() {
    List<EvalCommand> evals = new ScriptParser().parse("t", SCRIPT).evals();

    EvalCommand sum = evals.get(0);
    assertThat(sum.query()).isEqualTo("sum by (job) (http_requests)");
    assertThat(sum.queryColumn()).isEqualTo(21);
    assertThat(sum.range()).isFalse();
    assertThat(sum.start()).isEqualTo(Duration.ofMinutes(50));
    assertThat(sum.expectations())
        .containsExactly(
            Expectation.of(Expectation.Kind.NO_WARN),
            new Expectation(
                Expectation.Kind.INFO, Expectation.Match.MESSAGE, "PromQL info: something (1:5)"));
    var series = (ExpectedResult.Series) sum.expected();
    assertThat(series.series())
        .singleElement()
        .satisfies(s -> {
          assertThat(s.labels()).containsExactlyEntriesOf(Map.of("job", "api"));
          assertThat(s.values()).containsExactly(new Number(30));
        });

    EvalCommand range = evals.get(1);
    assertThat(range.range()).isTrue();
    assertThat(range.start()).isEqualTo(Duration.ZERO);
    assertThat(range.end()).isEqualTo(Duration.ofMinutes(10));
    assertThat(range.step()).isEqualTo(Duration.ofMinutes(5));

    assertThat(evals.get(2).expected()).isEqualTo(new ExpectedResult.Scalar(2));
    assertThat(evals.get(3).expected()).isEqualTo(new ExpectedResult.StringValue("Foo"));

    var window = ((ExpectedResult.Series) evals.get(4).expected()).rangeVectorWindow();
    assertThat(window)
        .isEqualTo(
            new ExpectedResult.RangeWindow(
                Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofSeconds(10)));

    assertThat(evals.get(5).expectsFailure()).isTrue();
    assertThat(evals.get(5).expectations())
        .containsExactly(
            new Expectation(Expectation.Kind.FAIL, Expectation.Match.MESSAGE, "invalid regex"));
    assertThat(evals.get(6).expectations())
        .containsExactly(Expectation.of(Expectation.Kind.ORDERED));
    assertThat(evals.get(7).expectations())
        .containsExactly(
            new Expectation(Expectation.Kind.FAIL, Expectation.Match.REGEX, "Parameter .* NaN"));
  }

  @Test
  void rejectsMalformedScriptsNamingTheLine() {
    ScriptParser parser = new ScriptParser();
    assertThatThrownBy(() -> parser.parse("bad.test", "load 5m\n  x 1\n\nfrobnicate\n"))
        .isInstanceOf(ScriptParseException.class)
        .hasMessage("bad.test:4: invalid command \"frobnicate\"");
    assertThatThrownBy(() -> parser.parse("bad.test", "load 5x\n"))
        .hasMessageStartingWith("bad.test:1: invalid step definition \"5x\"");
    assertThatThrownBy(() -> parser.parse("bad.test", "load 1m\n  x 1+x\n"))
        .hasMessageStartingWith("bad.test:2: invalid series value \"1+x\"");
    assertThatThrownBy(() -> parser.parse("bad.test", "eval instant at 0 x\n  x 1 2\n"))
        .hasMessageContaining("expecting multiple values in instant evaluation not allowed");
    assertThatThrownBy(() -> parser.parse("bad.test", "eval instant at 0 x\n  expect sometimes\n"))
        .hasMessageContaining("invalid expect statement");
  }
}
