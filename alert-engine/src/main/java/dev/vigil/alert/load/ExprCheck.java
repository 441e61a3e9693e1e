package dev.vigil.alert.load;

import dev.vigil.alert.QueryLanguage;
import dev.vigil.logindex.logql.Expr;
import dev.vigil.logindex.logql.LogQLParseException;
import dev.vigil.logindex.logql.LogQLParser;
import dev.vigil.promql.ParseException;
import dev.vigil.promql.PromQL;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Validates rule expressions with Vigil's own parsers (PromQL, and the log index's LogQL parser),
 * reporting the parser's message (with the position inside the expression) at the file line where
 * the problem is.
 */
final class ExprCheck {
  static final String LANGUAGE_KEY = "query_language";

  private ExprCheck() {}

  /**
   * Whether PromQL {@code expr} parses; if not, a problem at {@code node}, suffixed by {@code
   * note}.
   */
  static boolean check(Problems problems, Node node, String field, String expr, String note) {
    return check(QueryLanguage.PROMQL, problems, node, field, expr, note);
  }

  /**
   * Whether {@code expr} is valid in {@code language}; a LogQL expression must also be a metric
   * query, as a rule needs numbers, not lines.
   */
  static boolean check(
      QueryLanguage language,
      Problems problems,
      Node node,
      String field,
      String expr,
      String note) {
    if (language == QueryLanguage.LOGQL) {
      return checkLogql(problems, node, field, expr, note);
    }
    try {
      PromQL.parse(expr);
      return true;
    } catch (ParseException e) {
      // A LogQL query in a PromQL rule is an easy slip; say what would make it valid.
      String hint =
          parsesAsLogql(expr)
              ? "; this is a LogQL metric query: set "
                  + LANGUAGE_KEY
                  + ": logql to evaluate it"
                  + " over the log index"
              : "";
      problems.add(fileLine(node, e.line()), field, e.getMessage() + note + hint);
      return false;
    }
  }

  private static boolean checkLogql(
      Problems problems, Node node, String field, String expr, String note) {
    Expr parsed;
    try {
      parsed = LogQLParser.parse(expr);
    } catch (LogQLParseException e) {
      problems.add(
          fileLine(node, e.line()),
          field,
          e.line() + ":" + e.column() + ": LogQL parse error: " + e.detail() + note);
      return false;
    }
    if (!(parsed instanceof Expr.Metric)) {
      problems.add(
          Problems.line(node),
          field,
          "is a LogQL log query (it selects lines); a rule needs a metric query such as"
              + " sum(count_over_time({service_name=\"x\"} |= \"error\" [5m]))"
              + note);
      return false;
    }
    return true;
  }

  /**
   * Whether a valid LogQL metric query counts lines: its range function is {@code count_over_time},
   * under any aggregations.
   */
  static boolean countsLines(String logql) {
    Expr e;
    try {
      e = LogQLParser.parse(logql);
    } catch (LogQLParseException x) {
      return false;
    }
    while (e instanceof Expr.VectorAggregation v) {
      e = v.inner();
    }
    return e instanceof Expr.RangeAggregation r && r.op() == Expr.RangeOp.COUNT_OVER_TIME;
  }

  private static boolean parsesAsLogql(String expr) {
    try {
      return LogQLParser.parse(expr) instanceof Expr.Metric;
    } catch (LogQLParseException e) {
      return false;
    }
  }

  /**
   * The document's {@code query_language}: {@link QueryLanguage#PROMQL} when absent, empty (with a
   * problem) for anything but {@code promql} or {@code logql}.
   */
  static Optional<QueryLanguage> language(YamlMap m) {
    if (!m.has(LANGUAGE_KEY)) {
      return Optional.of(QueryLanguage.PROMQL);
    }
    Optional<String> v = m.requiredString(LANGUAGE_KEY);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Optional<QueryLanguage> l = QueryLanguage.parse(v.get());
    if (l.isEmpty()) {
      m.problems()
          .add(
              m.nodeOr(LANGUAGE_KEY),
              m.field(LANGUAGE_KEY),
              "must be promql (the tsdb, span metrics included) or logql (the log index), got \""
                  + v.get()
                  + "\"");
    }
    return l;
  }

  /**
   * In a literal block ({@code expr: |}) line n of the expression is n lines below the indicator,
   * so the problem can be pointed at exactly; other styles fold lines, and the key's line is the
   * best we know.
   */
  private static int fileLine(Node node, int exprLine) {
    int start = Problems.line(node);
    if (node instanceof ScalarNode s && s.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL) {
      return start + exprLine;
    }
    return start;
  }
}
