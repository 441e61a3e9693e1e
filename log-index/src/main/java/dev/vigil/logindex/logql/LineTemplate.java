package dev.vigil.logindex.logql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code line_format} template: text with {@code {{.label}}} placeholders (spaces inside the
 * braces allowed) and {@code {{__line__}}} for the current line. Go template functions and control
 * structures are not supported and are refused at parse time, not silently ignored.
 */
public final class LineTemplate {
  private final List<String> literals;

  /** Label name per placeholder; null stands for the current line. */
  private final List<String> labels;

  private LineTemplate(List<String> literals, List<String> labels) {
    this.literals = literals;
    this.labels = labels;
  }

  /**
   * @throws IllegalArgumentException with what is wrong, for the parser to place
   */
  static LineTemplate parse(String template) {
    List<String> literals = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    int i = 0;
    StringBuilder lit = new StringBuilder();
    while (i < template.length()) {
      int open = template.indexOf("{{", i);
      if (open < 0) {
        lit.append(template, i, template.length());
        break;
      }
      lit.append(template, i, open);
      int close = template.indexOf("}}", open + 2);
      if (close < 0) {
        throw new IllegalArgumentException("line_format template has '{{' without '}}'");
      }
      String inner = template.substring(open + 2, close).trim();
      if (inner.equals("__line__")) {
        labels.add(null);
      } else if (inner.startsWith(".") && inner.length() > 1 && isName(inner.substring(1))) {
        labels.add(inner.substring(1));
      } else {
        throw new IllegalArgumentException(
            "line_format supports only {{.label}} and "
                + "{{__line__}} placeholders, found {{"
                + inner
                + "}}");
      }
      literals.add(lit.toString());
      lit.setLength(0);
      i = close + 2;
    }
    literals.add(lit.toString());
    return new LineTemplate(List.copyOf(literals), java.util.Collections.unmodifiableList(labels));
  }

  String render(String line, Map<String, String> values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < labels.size(); i++) {
      sb.append(literals.get(i));
      String name = labels.get(i);
      sb.append(name == null ? line : values.getOrDefault(name, ""));
    }
    return sb.append(literals.get(literals.size() - 1)).toString();
  }

  private static boolean isName(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
