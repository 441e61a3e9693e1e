package dev.vigil.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.promql.ast.AggregateExpr;
import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.AtModifier;
import dev.vigil.promql.ast.BinaryExpr;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.LabelMatcher;
import dev.vigil.promql.ast.MatchType;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.NumberLiteral;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.StringLiteral;
import dev.vigil.promql.ast.SubqueryExpr;
import dev.vigil.promql.ast.UnaryExpr;
import dev.vigil.promql.ast.VectorMatching;
import dev.vigil.promql.ast.VectorSelector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {

  private static Expr parse(String q) {
    return PromQL.parseExpr(q);
  }

  /** Shows the tree's grouping with explicit parentheses around every operation. */
  private static String grouping(Expr e) {
    return switch (e) {
      case BinaryExpr b ->
          "(" + grouping(b.lhs()) + " " + b.op().symbol() + " " + grouping(b.rhs()) + ")";
      case UnaryExpr u -> "(" + (u.negate() ? "-" : "+") + grouping(u.expr()) + ")";
      case ParenExpr p -> "[" + grouping(p.expr()) + "]";
      default -> e.toString();
    };
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          1 + 2 * 3              | (1 + (2 * 3))
          1 * 2 + 3              | ((1 * 2) + 3)
          a - b - c              | ((a - b) - c)
          a / b % c              | ((a / b) % c)
          2 ^ 3 ^ 2              | (2 ^ (3 ^ 2))
          -2 ^ 2                 | (-(2 ^ 2))
          -a * b                 | ((-a) * b)
          -a ^ b                 | (-(a ^ b))
          2 ^ -1                 | (2 ^ -1)
          a + b atan2 c          | (a + (b atan2 c))
          a atan2 b ^ c          | (a atan2 (b ^ c))
          a == b + c             | (a == (b + c))
          a > b == c             | ((a > b) == c)
          a or b and c           | (a or (b and c))
          a and b unless c       | ((a and b) unless c)
          a unless b or c        | ((a unless b) or c)
          a or b == c            | (a or (b == c))
          (a + b) * c            | ([(a + b)] * c)
          - - 1                  | 1
          -(1)                   | (-[1])
          a </ 5 + 1             | (a </ (5 + 1))
          """)
  void precedenceAndAssociativity(String query, String expected) {
    assertThat(grouping(parse(query))).isEqualTo(expected);
  }

  @Test
  void signFoldsIntoNumberLiterals() {
    assertThat(parse("-1")).isEqualTo(NumberLiteral.of(-1));
    assertThat(parse("+1")).isEqualTo(NumberLiteral.of(1));
    assertThat(parse("1 - -1").toString()).isEqualTo("1 - -1");
    assertThat(parse("-foo")).isEqualTo(new UnaryExpr(true, parse("foo")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          12.34e6   | 12340000
          12.34e+6  | 12340000
          .2        | 0.2
          2.        | 2
          0x1F      | 31
          0X_ff     | 255
          010       | 8
          09        | 9
          1_000     | 1000
          1e-7      | 0.0000001
          Inf       | +Inf
          inF       | +Inf
          -inf      | -Inf
          NaN       | NaN
          nan       | NaN
          1h        | 1h
          90s       | 1m30s
          -5m       | -5m
          """)
  void numberLiterals(String query, String printed) {
    assertThat(parse(query).toString()).isEqualTo(printed);
  }

  @Test
  void durationLiteralsAreNumbersOfSeconds() {
    assertThat(parse("1h30m")).isEqualTo(new NumberLiteral(5400, true));
    assertThat(((Call) parse("predict_linear(x[5m], 1h)")).args().get(1))
        .isEqualTo(new NumberLiteral(3600, true));
  }

  @Test
  void stringEscapesFollowGo() {
    assertThat(parse("\"a\\nb\\t\\\"c\\\\\"")).isEqualTo(new StringLiteral("a\nb\t\"c\\"));
    assertThat(parse("'it\\'s'")).isEqualTo(new StringLiteral("it's"));
    assertThat(parse("\"\\x41\\101\\u00e9\"")).isEqualTo(new StringLiteral("AAé"));
    assertThat(parse("\"\\U0001F600\"")).isEqualTo(new StringLiteral("😀"));
    assertThat(parse("\"\\a\\b\\f\\r\\v\"")).isEqualTo(new StringLiteral("\u0007\b\f\r\u000b"));
    assertThat(parse("\"\\xc3\\xa9\"")).isEqualTo(new StringLiteral("é")); // bytes forming UTF-8
    assertThat(parse("`raw\\n\"'`")).isEqualTo(new StringLiteral("raw\\n\"'"));
    for (String literal : new String[] {"\"a\"", "'it\\'s'", "`x\\y`", "\"\\U0001F600\\x01\""}) {
      Expr once = parse(literal);
      assertThat(parse(once.toString())).isEqualTo(once);
    }
  }

  @Test
  void doubleQuoteEscapeIsInvalidInSingleQuotes() {
    assertThatThrownBy(() -> parse("'a\\\"b'"))
        .hasMessage("1:1: parse error: unknown escape sequence U+0022 '\"'");
  }

  @Test
  void stringsPrintAsGoQuotedLiterals() {
    assertThat(parse("'a\"b'").toString()).isEqualTo("\"a\\\"b\"");
    assertThat(parse("`tab\there`").toString()).isEqualTo("\"tab\\there\"");
    assertThat(parse("\"\\x01\"").toString()).isEqualTo("\"\\x01\"");
  }

  @Test
  void vectorSelectorsHoldEveryMatcherInCanonicalOrder() {
    VectorSelector v =
        (VectorSelector) parse("http{job=\"a\", code!~\"5..\", env!=\"\", x=~\"y\"}");
    assertThat(v.metricName()).isEqualTo("http");
    assertThat(v.matchers())
        .containsExactly(
            new LabelMatcher("__name__", MatchType.EQUAL, "http"),
            new LabelMatcher("code", MatchType.NOT_REGEX, "5.."),
            new LabelMatcher("env", MatchType.NOT_EQUAL, ""),
            new LabelMatcher("job", MatchType.EQUAL, "a"),
            new LabelMatcher("x", MatchType.REGEX, "y"));
    assertThat(v.toString()).isEqualTo("http{code!~\"5..\",env!=\"\",job=\"a\",x=~\"y\"}");
    assertThat(parse("http{b=\"1\",a=\"2\"}")).isEqualTo(parse("http{a=\"2\",b=\"1\",}"));
  }

  @Test
  void metricNameInsideBraces() {
    assertThat(parse("{__name__=\"up\"}").toString()).isEqualTo("{__name__=\"up\"}");
    VectorSelector utf8 = (VectorSelector) parse("{\"my.metric\", \"service.name\"=\"api\"}");
    assertThat(utf8.matchers())
        .contains(new LabelMatcher("__name__", MatchType.EQUAL, "my.metric"))
        .contains(new LabelMatcher("service.name", MatchType.EQUAL, "api"));
    assertThat(parse(utf8.toString())).isEqualTo(utf8);
  }

  @Test
  void keywordsAreLabelNamesInsideBracesAndMetricNamesOutside() {
    assertThat(parse("{by=\"x\", on=\"y\"}").toString()).isEqualTo("{by=\"x\",on=\"y\"}");
    assertThat(parse("sum").toString()).isEqualTo("sum");
    assertThat(parse("offset offset 5m").toString()).isEqualTo("offset offset 5m");
    assertThat(parse("foo:bar:rate5m").toString()).isEqualTo("foo:bar:rate5m");
  }

  @Test
  void selectorMustHaveANonEmptyMatcher() {
    assertThat(parse("{job=~\".+\"}")).isInstanceOf(VectorSelector.class);
    assertThat(parse("{job=~\".*\", env=\"prod\"}")).isInstanceOf(VectorSelector.class);
    for (String q : List.of("{}", "{job=\"\"}", "{job=~\".*\"}", "{job!=\"x\"}", "{job!~\"x\"}")) {
      assertThatThrownBy(() -> parse(q))
          .hasMessage(
              "1:1: parse error: vector selector must contain at least one non-empty matcher");
    }
  }

  @Test
  void offsetAndAtInEitherOrderPrintAtFirst() {
    Expr a = parse("foo @ 100 offset 5m");
    Expr b = parse("foo offset 5m @ 100");
    assertThat(a).isEqualTo(b);
    VectorSelector v = (VectorSelector) a;
    assertThat(v.at()).isEqualTo(AtModifier.at(100_000));
    assertThat(v.offset()).isEqualTo(Duration.ofMinutes(5));
    assertThat(a.toString()).isEqualTo("foo @ 100.000 offset 5m");

    assertThat(parse("foo[5m] offset 1m @ 10.5").toString())
        .isEqualTo("foo[5m] @ 10.500 offset 1m");
    assertThat(parse("foo offset -1h30m").toString()).isEqualTo("foo offset -1h30m");
    assertThat(parse("foo @ -1").toString()).isEqualTo("foo @ -1.000");
    assertThat(parse("foo @ start()"))
        .isEqualTo(((VectorSelector) parse("foo")).withAt(AtModifier.START));
    assertThat(parse("rate(foo[1m] @ end())").toString()).isEqualTo("rate(foo[1m] @ end())");
    assertThat(((VectorSelector) parse("foo offset 90")).offset())
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void rangeSelectors() {
    MatrixSelector m = (MatrixSelector) parse("foo{a=\"b\"}[1h30m]");
    assertThat(m.range()).isEqualTo(Duration.ofMinutes(90));
    assertThat(m.toString()).isEqualTo("foo{a=\"b\"}[1h30m]");
    assertThat(parse("foo[90]").toString()).isEqualTo("foo[1m30s]");
    assertThat(parse("foo[1.5]").toString()).isEqualTo("foo[1s500ms]");
    assertThat(parse("foo[365d]").toString()).isEqualTo("foo[1y]");
    assertThat(parse("foo[14d]").toString()).isEqualTo("foo[2w]");
    assertThat(parse("foo[8d]").toString()).isEqualTo("foo[8d]");
    assertThat(parse("foo[100ms]").toString()).isEqualTo("foo[100ms]");
  }

  @Test
  void subqueries() {
    SubqueryExpr s = (SubqueryExpr) parse("rate(foo[5m])[30m:1m] offset 1m @ end()");
    assertThat(s.range()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.step()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.offset()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.at()).isEqualTo(AtModifier.END);
    assertThat(s.toString()).isEqualTo("rate(foo[5m])[30m:1m] @ end() offset 1m");

    SubqueryExpr defaultStep = (SubqueryExpr) parse("foo[1h:]");
    assertThat(defaultStep.step()).isEqualTo(Duration.ZERO);
    assertThat(defaultStep.toString()).isEqualTo("foo[1h:]");
    assertThat(parse("max_over_time(sum(foo)[1h:5m])").toString())
        .isEqualTo("max_over_time(sum(foo)[1h:5m])");
  }

  @Test
  void subqueryOfASubqueryIsATypeError() {
    // A subquery yields a range vector; only instant vectors can be subqueried.
    assertThatThrownBy(() -> parse("sum(foo)[1h:5m][2h:]"))
        .hasMessage(
            "1:1: parse error: subquery is only allowed on instant vector, got matrix instead");
  }

  @Test
  void binaryVectorMatching() {
    BinaryExpr b = (BinaryExpr) parse("a * on(x, y) group_left(z) b");
    assertThat(b.matching())
        .isEqualTo(
            new VectorMatching(
                VectorMatching.Cardinality.MANY_TO_ONE, List.of("x", "y"), true, List.of("z")));
    assertThat(b.toString()).isEqualTo("a * on (x, y) group_left (z) b");
    assertThat(parse("a / ignoring(x) group_right b").toString())
        .isEqualTo("a / ignoring (x) group_right () b");
    assertThat(parse("a and on() b").toString()).isEqualTo("a and on () b");
    assertThat(((BinaryExpr) parse("a or b")).matching().cardinality())
        .isEqualTo(VectorMatching.Cardinality.MANY_TO_MANY);
    assertThat(((BinaryExpr) parse("a + 1")).matching()).isNull();
    assertThat(parse("a > bool 1").toString()).isEqualTo("a > bool 1");
    assertThat(parse("a == bool on(x) b").toString()).isEqualTo("a == bool on (x) b");
  }

  @Test
  void aggregationsWithGroupingBeforeOrAfter() {
    assertThat(parse("sum by (a, b) (x)")).isEqualTo(parse("sum(x) by (a, b,)"));
    assertThat(parse("SUM(x) BY (a)").toString()).isEqualTo("sum by (a) (x)");
    AggregateExpr topk = (AggregateExpr) parse("topk without (job) (5, x)");
    assertThat(topk.op()).isEqualTo(AggregateOp.TOPK);
    assertThat(topk.parameter()).isEqualTo(NumberLiteral.of(5));
    assertThat(topk.without()).isTrue();
    assertThat(topk.toString()).isEqualTo("topk without (job) (5, x)");
    assertThat(parse("count_values(\"v\", x)").toString()).isEqualTo("count_values(\"v\", x)");
    assertThat(parse("quantile(0.9, x)").toString()).isEqualTo("quantile(0.9, x)");
    assertThat(parse("sum without () (x)").toString()).isEqualTo("sum without () (x)");
    assertThat(parse("sum by (\"service.name\", le) (x)").toString())
        .isEqualTo("sum by (\"service.name\", le) (x)");
    assertThat(parse("sum by (by, on) (x)").toString()).isEqualTo("sum by (by, on) (x)");
  }

  @Test
  void experimentalAggregatorsAndFunctionsNeedTheOption() {
    assertThatThrownBy(() -> parse("limitk(1, x)")).isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> parse("mad_over_time(x[5m])"))
        .hasMessage("1:1: parse error: function \"mad_over_time\" is not enabled");
    var options = ParserOptions.WITH_EXPERIMENTAL_FUNCTIONS;
    assertThat(PromQL.parse("limitk(1, x)", options).expr().toString()).isEqualTo("limitk(1, x)");
    assertThat(PromQL.parse("limit_ratio(0.5, x)", options).expr())
        .isInstanceOf(AggregateExpr.class);
    assertThat(PromQL.parse("info(x, {k=~\".*\"})", options).expr()).isInstanceOf(Call.class);
  }

  @Test
  void functionCalls() {
    Call c = (Call) parse("label_join(up, \"dst\", \",\", \"a\", \"b\", \"c\")");
    assertThat(c.function().name()).isEqualTo("label_join");
    assertThat(c.args()).hasSize(6);
    assertThat(parse("round(x)").toString()).isEqualTo("round(x)");
    assertThat(parse("round(x, 5)").toString()).isEqualTo("round(x, 5)");
    assertThat(parse("time()").toString()).isEqualTo("time()");
    assertThat(parse("hour()").toString()).isEqualTo("hour()");
  }

  @Test
  void aQueryOfOnlyACommentIsEmpty() {
    assertThatThrownBy(() -> parse(""))
        .hasMessage("1:1: parse error: no expression found in input");
    assertThatThrownBy(() -> parse("# only a comment\n"))
        .hasMessage("2:1: parse error: no expression found in input");
  }

  @Test
  void commentsAreSkipped() {
    assertThat(parse("# leading\nfoo # trailing\n+ bar # end")).isEqualTo(parse("foo + bar"));
  }

  @Test
  void positionsAreKeptBesideTheTree() {
    ParsedQuery q = PromQL.parse("sum(rate(foo[5m]))\n  + bar");
    BinaryExpr b = (BinaryExpr) q.expr();
    assertThat(q.positionOf(b)).isEqualTo(new PositionRange(0, 26));
    assertThat(q.positionOf(b.rhs())).isEqualTo(new PositionRange(23, 26));
    assertThat(q.lineColumnOf(b.rhs())).isEqualTo("2:5");
    Call rate = (Call) ((AggregateExpr) b.lhs()).expr();
    assertThat(q.positionOf(rate)).isEqualTo(new PositionRange(4, 17));
    assertThat(q.positionOf(rate.args().get(0))).isEqualTo(new PositionRange(9, 16));
    assertThatThrownBy(() -> q.positionOf(parse("bar")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parenthesesArePreserved() {
    assertThat(parse("((1) / (0))").toString()).isEqualTo("((1) / (0))");
    assertThat(parse("(foo)")).isEqualTo(new ParenExpr(parse("foo")));
  }
}
