package dev.vigil.logindex.logql;

import dev.vigil.model.series.LabelMatcher;
import java.util.List;

/** A parsed LogQL query: a log query (returns lines) or a metric query (returns samples). */
public sealed interface Expr {

  /** {@code {selector} pipeline…}: lines of the selected streams that pass the pipeline. */
  record LogQuery(List<LabelMatcher> selector, List<Stage> pipeline) implements Expr {
    public LogQuery {
      selector = List.copyOf(selector);
      pipeline = List.copyOf(pipeline);
    }

    /** Whether every stage keeps the stream labels as they are (no parser, no line_format). */
    public boolean keepsStreamLabels() {
      return pipeline.stream().allMatch(s -> s instanceof Stage.LineFilter);
    }
  }

  /** A metric query. */
  sealed interface Metric extends Expr {}

  /** {@code count_over_time(log [range] offset)} and its kin. */
  record RangeAggregation(RangeOp op, LogQuery log, long rangeNanos, long offsetNanos)
      implements Metric {}

  /** {@code sum by (a) (inner)}, {@code topk(5, inner)} and their kin. */
  record VectorAggregation(AggOp op, Grouping grouping, int parameter, Metric inner)
      implements Metric {}

  /**
   * {@code inner > 10}, {@code inner == bool 0} and the other comparisons with a number: without
   * {@code bool} a filter keeping the samples for which it holds (what alerting rules need), with
   * {@code bool} 1 or 0 for every sample. Comparisons between two queries are not supported.
   */
  record Comparison(Metric inner, CompareOp op, boolean bool, double threshold) implements Metric {}

  /** The comparison operators, as written. */
  enum CompareOp {
    EQ("=="),
    NE("!="),
    GT(">"),
    GE(">="),
    LT("<"),
    LE("<=");

    public final String symbol;

    CompareOp(String symbol) {
      this.symbol = symbol;
    }

    /** As Prometheus compares floats: NaN is unequal to everything, itself included. */
    public boolean holds(double value, double threshold) {
      return switch (this) {
        case EQ -> value == threshold;
        case NE -> value != threshold;
        case GT -> value > threshold;
        case GE -> value >= threshold;
        case LT -> value < threshold;
        case LE -> value <= threshold;
      };
    }
  }

  /** The range functions over a log query. */
  enum RangeOp {
    COUNT_OVER_TIME("count_over_time"),
    RATE("rate"),
    BYTES_OVER_TIME("bytes_over_time"),
    BYTES_RATE("bytes_rate"),

    /**
     * 1 at each step whose window has no line, labelled by the selector's equality matchers, as
     * Prometheus' and Loki's {@code absent_over_time}: an alert that a service stopped logging.
     */
    ABSENT_OVER_TIME("absent_over_time");

    public final String function;

    RangeOp(String function) {
      this.function = function;
    }
  }

  /** The vector aggregations. */
  enum AggOp {
    SUM,
    AVG,
    MIN,
    MAX,
    COUNT,
    TOPK,
    BOTTOMK;

    public String function() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean takesParameter() {
      return this == TOPK || this == BOTTOMK;
    }
  }

  /** {@code by (labels)} or {@code without (labels)}; {@link #NONE} groups everything into one. */
  record Grouping(boolean without, List<String> labels) {
    public static final Grouping NONE = new Grouping(false, List.of());

    public Grouping {
      labels = List.copyOf(labels);
    }
  }
}
