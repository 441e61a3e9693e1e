package dev.vigil.alert.load;

import dev.vigil.promql.ParseException;
import dev.vigil.promql.PromQL;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Validates PromQL in rule files with Vigil's parser, reporting the parser's own message (with the
 * position inside the expression) at the file line where the problem is.
 */
final class ExprCheck {
  private ExprCheck() {}

  /** Whether {@code expr} parses; if not, a problem at {@code node}, suffixed with {@code note}. */
  static boolean check(Problems problems, Node node, String field, String expr, String note) {
    try {
      PromQL.parse(expr);
      return true;
    } catch (ParseException e) {
      problems.add(fileLine(node, e.line()), field, e.getMessage() + note);
      return false;
    }
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
