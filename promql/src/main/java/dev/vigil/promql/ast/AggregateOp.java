package dev.vigil.promql.ast;

import java.util.Locale;
import java.util.Optional;

/** The aggregation operators; some take a parameter before the vector. */
public enum AggregateOp {
  SUM(false, false),
  AVG(false, false),
  COUNT(false, false),
  MIN(false, false),
  MAX(false, false),
  GROUP(false, false),
  STDDEV(false, false),
  STDVAR(false, false),
  TOPK(true, false),
  BOTTOMK(true, false),
  COUNT_VALUES(true, false),
  QUANTILE(true, false),
  LIMITK(true, true),
  LIMIT_RATIO(true, true);

  private final boolean hasParameter;
  private final boolean experimental;

  AggregateOp(boolean hasParameter, boolean experimental) {
    this.hasParameter = hasParameter;
    this.experimental = experimental;
  }

  /** Lower-case PromQL spelling. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean hasParameter() {
    return hasParameter;
  }

  /** Prometheus gates these behind {@code --enable-feature=promql-experimental-functions}. */
  public boolean isExperimental() {
    return experimental;
  }

  /** The type the parameter must have: a string for count_values, a scalar otherwise. */
  public ValueType parameterType() {
    return this == COUNT_VALUES ? ValueType.STRING : ValueType.SCALAR;
  }

  /** The aggregator spelled {@code word}, case-insensitively. */
  public static Optional<AggregateOp> fromKeyword(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    for (AggregateOp op : values()) {
      if (op.keyword().equals(lower)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
