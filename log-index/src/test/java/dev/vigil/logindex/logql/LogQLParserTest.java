package dev.vigil.logindex.logql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.logindex.logql.Expr.AggOp;
import dev.vigil.logindex.logql.Expr.LogQuery;
import dev.vigil.logindex.logql.Expr.RangeAggregation;
import dev.vigil.logindex.logql.Expr.RangeOp;
import dev.vigil.logindex.logql.Expr.VectorAggregation;
import dev.vigil.model.series.LabelMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogQLParserTest {

  @Test
  void logQueryWithEveryStageKind() throws Exception {
    LogQuery q =
        (LogQuery)
            LogQLParser.parse(
                "{service_name=\"checkout\", severity_text=~\"ERR.*\"}"
                    + " |= \"timeout\" != `debug` |~ \"user=\\\\d+\" !~ \"^GET\" | json | logfmt"
                    + " | status >= 500 and (level=\"error\" or latency > 250ms), path!~\"/health.*\""
                    + " | line_format \"{{.status}} {{ .path }} {{__line__}}\"");
    assertThat(q.selector())
        .containsExactly(
            LabelMatcher.equal("service_name", "checkout"),
            LabelMatcher.of(LabelMatcher.Type.REGEX, "severity_text", "ERR.*"));
    assertThat(q.pipeline()).hasSize(8);
    assertThat(((Stage.LineFilter) q.pipeline().get(1)).value()).isEqualTo("debug");
    assertThat(((Stage.LineFilter) q.pipeline().get(2)).value()).isEqualTo("user=\\d+");
    assertThat(q.pipeline().get(4)).isInstanceOf(Stage.Json.class);
    assertThat(q.pipeline().get(5)).isInstanceOf(Stage.Logfmt.class);
    assertThat(q.pipeline().get(6)).isInstanceOf(Stage.LabelFilter.class);
    assertThat(q.pipeline().get(7)).isInstanceOf(Stage.LineFormat.class);
  }

  @Test
  void metricQueries() throws Exception {
    var sum =
        (VectorAggregation)
            LogQLParser.parse(
                "sum by (service_name, level) (rate({a=\"b\"} |= \"x\" [5m] offset 1h))");
    assertThat(sum.op()).isEqualTo(AggOp.SUM);
    assertThat(sum.grouping().labels()).containsExactly("service_name", "level");
    var rate = (RangeAggregation) sum.inner();
    assertThat(rate.op()).isEqualTo(RangeOp.RATE);
    assertThat(rate.rangeNanos()).isEqualTo(300_000_000_000L);
    assertThat(rate.offsetNanos()).isEqualTo(3_600_000_000_000L);

    var topk =
        (VectorAggregation)
            LogQLParser.parse(
                "topk(3, sum(count_over_time({a=\"b\"}[1h30m] | json)) without (pod))");
    assertThat(topk.parameter()).isEqualTo(3);
    var inner = (VectorAggregation) topk.inner();
    assertThat(inner.grouping().without()).isTrue();
    assertThat(((RangeAggregation) inner.inner()).rangeNanos()).isEqualTo(5_400_000_000_000L);

    var bytes = (RangeAggregation) LogQLParser.parse("bytes_over_time(({a=\"b\"} |= \"x\")[10s])");
    assertThat(bytes.log().pipeline()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "empty query            | ''                          | 1 | empty query",
        "unexpected character   | '{a=\"b\"} @'               | 9 | unexpected character '@'",
        "lone bang              | '{a!\"b\"}'                 | 3 | expected '!=' or '!~'",
        "unterminated string    | '{a=\"b}'                   | 4 | unterminated string",
        "unterminated raw       | '{a=`b}'                    | 4 | unterminated raw string",
        "invalid escape         | '{a=\"\\q\"}'               | 5 | invalid escape sequence '\\q'",
        "missing brace          | '{a=\"b\" foo'              | 8 | expected '}' or ',' after a matcher, found 'foo'",
        "missing operator       | '{a \"b\"}'                 | 4 | expected one of '=', '!=', '=~', '!~' after label 'a'",
        "unquoted value         | '{a=b}'                     | 4 | expected a quoted label value, found 'b'",
        "empty selector         | '{}'                        | 2 | needs at least one matcher",
        "empty-matching only    | '{a=~\".*\", b=\"\"}'       | 1 | does not match the empty value",
        "bad selector regex     | '{a=~\"(\"}'                | 5 | invalid regular expression",
        "bad filter regex       | '{a=\"b\"} |~ \"[\"'        | 12 | invalid regular expression \"[\"",
        "filter without string  | '{a=\"b\"} |= 5'            | 12 | expected a quoted string after '|='",
        "trailing input         | '{a=\"b\"} }'               | 9 | unexpected '}' after the end of the query",
        "stage missing          | '{a=\"b\"} | '              | 11 | expected a pipeline stage after '|'",
        "unsupported stage      | '{a=\"b\"} | unwrap x'      | 11 | 'unwrap' stage is not supported yet",
        "drop without label     | '{a=\"b\"} | drop'          | 15 | expected a label name after drop",
        "keep trailing comma    | '{a=\"b\"} | keep a,'       | 18 | expected a label name after ','",
        "drop unquoted value    | '{a=\"b\"} | drop a=b'      | 18 | expected a quoted value after 'a' in drop",
        "label filter operator  | '{a=\"b\"} | status 5'     | 18 | expected a comparison operator",
        "string with >          | '{a=\"b\"} | s > \"x\"'    | 13 | compares numbers or durations",
        "regex with number      | '{a=\"b\"} | s =~ 5'       | 13 | needs a quoted regular expression",
        "label filter value     | '{a=\"b\"} | s = foo'      | 15 | expected a quoted string, a number or a duration",
        "unclosed group         | '{a=\"b\"} | (s=\"x\"'     | 17 | expected ')' closing the label filter group",
        "line_format template   | '{a=\"b\"} | line_format \"{{ .x | upper }}\"' | 23 | only {{.label}}",
        "json arguments         | '{a=\"b\"} | json status' | 16 | json with extraction arguments",
        "unknown function       | 'foo_over_time({a=\"b\"}[5m])' | 1 | unknown function 'foo_over_time'",
        "log query for metric   | 'sum({a=\"b\"})'            | 5 | found a log query",
        "missing range          | 'rate({a=\"b\"})'           | 13 | expected a range such as [5m]",
        "two ranges             | 'rate({a=\"b\"}[1m] [5m])'  | 18 | a range was already given",
        "invalid duration       | 'rate({a=\"b\"}[5x])'       | 14 | invalid duration '5x'",
        "number as range        | 'rate({a=\"b\"}[5])'        | 14 | expected a duration such as 5m inside [...]",
        "topk without k         | 'topk(rate({a=\"b\"}[5m]))' | 6 | topk needs a positive integer",
        "topk fractional k      | 'topk(1.5, rate({a=\"b\"}[5m]))' | 6 | topk needs a positive integer",
        "grouping twice         | 'sum by (a) (rate({a=\"b\"}[5m])) by (b)' | 1 | both before and after",
        "bad grouping list      | 'sum by (a b) (rate({a=\"b\"}[5m]))' | 11 | expected ',' or ')' in the by list",
        "range without log      | 'rate(5)'                  | 6 | rate needs a log query with a range",
        "compare with query     | 'rate({a=\"b\"}[1m]) > rate({a=\"c\"}[1m])' | 21 | comparing two queries is not supported",
        "compare without number | 'rate({a=\"b\"}[1m]) >'    | 20 | expected a number after '>'",
      })
  void errorsSayWhereAndWhat(String kind, String query, int column, String message) {
    assertThatThrownBy(() -> LogQLParser.parse(query))
        .as(kind)
        .isInstanceOf(LogQLParseException.class)
        .hasMessageContaining(message)
        .satisfies(e ->
            assertThat(((LogQLParseException) e).column()).as(kind + " column").isEqualTo(column))
        .hasMessageStartingWith("parse error at line 1, col " + column + ": ");
  }

  @Test
  void comparisonsWithANumber() throws Exception {
    var c = (Expr.Comparison) LogQLParser.parse("sum(count_over_time({a=\"b\"}[5m])) >= bool 3.5");
    assertThat(c.op()).isEqualTo(Expr.CompareOp.GE);
    assertThat(c.bool()).isTrue();
    assertThat(c.threshold()).isEqualTo(3.5);
    assertThat(c.inner()).isInstanceOf(VectorAggregation.class);
    var inParens = (Expr.Comparison) LogQLParser.parse("(rate({a=\"b\"}[1m]) != 0)");
    assertThat(inParens.op()).isEqualTo(Expr.CompareOp.NE);
    assertThat(inParens.bool()).isFalse();
  }

  @Test
  void positionsCountLines() {
    assertThatThrownBy(() -> LogQLParser.parse("{a=\"b\"}\n  |= \"x\"\n  | json @"))
        .isInstanceOf(LogQLParseException.class)
        .hasMessageStartingWith("parse error at line 3, col 10: unexpected character '@'");
  }

  @Test
  void durationsAndNumbers() {
    assertThat(Durations.parseNanos("1h30m")).isEqualTo(5_400_000_000_000L);
    assertThat(Durations.parseNanos("250ms")).isEqualTo(250_000_000L);
    assertThat(Durations.parseNanos("5x")).isEqualTo(-1);
    assertThat(List.of("1d", "2w", "1.5s")).allMatch(d -> Durations.parseNanos(d) > 0);
  }
}
