package dev.vigil.logindex.logql;

import java.util.regex.Pattern;

/** One step of a log pipeline. */
public sealed interface Stage {

  /** {@code |= "x"}, {@code != "x"}, {@code |~ "re"}, {@code !~ "re"}. */
  record LineFilter(FilterOp op, String value, Pattern pattern) implements Stage {
    /** Whether the line passes. Regular expressions match anywhere in the line, as Loki's do. */
    public boolean test(String line) {
      return switch (op) {
        case CONTAINS -> line.contains(value);
        case NOT_CONTAINS -> !line.contains(value);
        case MATCHES -> pattern.matcher(line).find();
        case NOT_MATCHES -> !pattern.matcher(line).find();
      };
    }
  }

  /** The four line-filter operators. */
  enum FilterOp {
    CONTAINS("|="),
    NOT_CONTAINS("!="),
    MATCHES("|~"),
    NOT_MATCHES("!~");

    public final String operator;

    FilterOp(String operator) {
      this.operator = operator;
    }
  }

  /** {@code | json}: the line's JSON fields become labels. */
  record Json() implements Stage {}

  /** {@code | logfmt}: the line's key=value pairs become labels. */
  record Logfmt() implements Stage {}

  /** {@code | line_format "{{.label}} …"}: rewrites the line from labels. */
  record LineFormat(LineTemplate template) implements Stage {}

  /** {@code | status >= 500 and level="error"}. */
  record LabelFilter(LabelPredicate predicate) implements Stage {}

  /**
   * A label of {@code drop} or {@code keep}: by name, or with a matcher ({@code method="GET"}) that
   * its value must satisfy.
   *
   * @param matcher null for the name alone
   */
  record LabelItem(String name, dev.vigil.model.series.LabelMatcher matcher) {
    boolean matches(String value) {
      return matcher == null || matcher.matches(value);
    }
  }

  /** {@code | drop level, method="GET"}: removes the labels named (those whose value matches). */
  record Drop(java.util.List<LabelItem> labels) implements Stage {}

  /**
   * {@code | keep level, method="GET"}: removes every other label (and those whose value does not
   * match).
   */
  record Keep(java.util.List<LabelItem> labels) implements Stage {}
}
