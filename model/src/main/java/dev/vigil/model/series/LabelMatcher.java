package dev.vigil.model.series;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition on a label, as in a PromQL selector. Regular expressions are fully anchored, as in
 * Prometheus, and compiled once. A missing label has the value "", so {@code x=""} matches series
 * without {@code x}.
 */
public final class LabelMatcher {
  /** The four matcher operators. */
  public enum Type {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String operator;

    Type(String operator) {
      this.operator = operator;
    }

    public String operator() {
      return operator;
    }
  }

  private final Type type;
  private final String name;
  private final String value;
  private final Pattern pattern;

  private LabelMatcher(Type type, String name, String value, Pattern pattern) {
    this.type = type;
    this.name = name;
    this.value = value;
    this.pattern = pattern;
  }

  /**
   * @throws IllegalArgumentException for an invalid regular expression, with the reason
   */
  public static LabelMatcher of(Type type, String name, String value) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Pattern p = null;
    if (type == Type.REGEX || type == Type.NOT_REGEX) {
      try {
        p = Pattern.compile("(?:" + value + ")", Pattern.DOTALL);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "invalid regular expression "
                + quote(value)
                + " for label "
                + name
                + ": "
                + e.getDescription());
      }
    }
    return new LabelMatcher(type, name, value, p);
  }

  public static LabelMatcher equal(String name, String value) {
    return of(Type.EQUAL, name, value);
  }

  public Type type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /** Whether a label value ("" when the label is absent) satisfies this matcher. */
  public boolean matches(String labelValue) {
    return switch (type) {
      case EQUAL -> labelValue.equals(value);
      case NOT_EQUAL -> !labelValue.equals(value);
      case REGEX -> pattern.matcher(labelValue).matches();
      case NOT_REGEX -> !pattern.matcher(labelValue).matches();
    };
  }

  public boolean matches(Labels labels) {
    return matches(labels.get(name));
  }

  /** Whether the matcher accepts the empty string, i.e. also selects series lacking the label. */
  public boolean matchesEmpty() {
    return matches("");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMatcher m
        && type == m.type
        && name.equals(m.name)
        && value.equals(m.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, name, value);
  }

  @Override
  public String toString() {
    return name + type.operator + quote(value);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
