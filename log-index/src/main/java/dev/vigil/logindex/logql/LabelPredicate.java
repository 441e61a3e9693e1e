package dev.vigil.logindex.logql;

import dev.vigil.model.series.LabelMatcher;
import java.util.Map;

/** A condition on the labels of a line, after parsers ran. */
public sealed interface LabelPredicate {
  boolean test(Map<String, String> labels);

  /** Both hold. */
  record And(LabelPredicate left, LabelPredicate right) implements LabelPredicate {
    @Override
    public boolean test(Map<String, String> labels) {
      return left.test(labels) && right.test(labels);
    }
  }

  /** Either holds. */
  record Or(LabelPredicate left, LabelPredicate right) implements LabelPredicate {
    @Override
    public boolean test(Map<String, String> labels) {
      return left.test(labels) || right.test(labels);
    }
  }

  /** A string comparison; a missing label is "". */
  record StringMatch(LabelMatcher matcher) implements LabelPredicate {
    @Override
    public boolean test(Map<String, String> labels) {
      return matcher.matches(labels.getOrDefault(matcher.name(), ""));
    }
  }

  /**
   * A numeric comparison. Durations compare in seconds ({@code | latency > 250ms} matches {@code
   * latency=1.5s} and {@code latency=0.3}). A label that is missing or not a number fails.
   */
  record NumberCompare(String name, CompareOp op, double value, boolean duration)
      implements LabelPredicate {
    @Override
    public boolean test(Map<String, String> labels) {
      String s = labels.get(name);
      if (s == null) {
        return false;
      }
      double v = parse(s.trim(), duration);
      if (Double.isNaN(v)) {
        return false;
      }
      return switch (op) {
        case EQ -> v == value;
        case NEQ -> v != value;
        case GT -> v > value;
        case GTE -> v >= value;
        case LT -> v < value;
        case LTE -> v <= value;
      };
    }

    static double parse(String s, boolean duration) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        if (duration) {
          long nanos = Durations.parseNanos(s);
          return nanos < 0 ? Double.NaN : nanos / 1e9;
        }
        return Double.NaN;
      }
    }
  }

  /** Numeric comparison operators. */
  enum CompareOp {
    EQ,
    NEQ,
    GT,
    GTE,
    LT,
    LTE
  }
}
