package dev.vigil.promql.ast;

import java.math.BigDecimal;

/**
 * The {@code @} modifier: pins evaluation of a selector or subquery to a fixed time, or to the
 * start or end of the query range.
 *
 * @param kind which form was written
 * @param epochMillis the timestamp for {@link Kind#TIMESTAMP}; 0 otherwise
 */
public record AtModifier(Kind kind, long epochMillis) {

  /** The form of the modifier. */
  public enum Kind {
    TIMESTAMP,
    START,
    END
  }

  public static final AtModifier START = new AtModifier(Kind.START, 0);
  public static final AtModifier END = new AtModifier(Kind.END, 0);

  public static AtModifier at(long epochMillis) {
    return new AtModifier(Kind.TIMESTAMP, epochMillis);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case START -> "@ start()";
      case END -> "@ end()";
      // Prometheus prints seconds with exactly three decimals.
      case TIMESTAMP -> "@ " + BigDecimal.valueOf(epochMillis, 3).toPlainString();
    };
  }
}
