package dev.vigil.promql.engine;

import dev.vigil.promql.ast.AggregateOp;
import java.util.Arrays;

/**
 * The running value of one group of sum, avg, count, min, max, group, stddev, stdvar or quantile at
 * one step, computed as Prometheus does (Kahan sums, a mean that switches to incremental form
 * before it overflows, Welford's variance).
 */
final class GroupState {
  private final AggregateOp op;
  boolean seen;
  boolean dropName;
  private double value;
  private double mean;
  private final double[] c = new double[1];
  private double count;
  private boolean incrementalMean;
  private double[] values = new double[0];
  private int n;

  GroupState(AggregateOp op) {
    this.op = op;
  }

  void reset() {
    seen = false;
    dropName = false;
    n = 0;
  }

  void add(double f, boolean fromDropName) {
    if (!seen) {
      seen = true;
      dropName = fromDropName;
      value = f;
      mean = f;
      c[0] = 0;
      count = 1;
      incrementalMean = false;
      switch (op) {
        case STDDEV, STDVAR -> {
          value = Double.isNaN(f) || Double.isInfinite(f) ? Double.NaN : 0;
        }
        case QUANTILE -> push(f);
        case GROUP -> value = 1;
        default -> {}
      }
      return;
    }
    dropName |= fromDropName;
    switch (op) {
      case SUM -> value = Kahan.inc(f, value, c);
      case AVG -> {
        count++;
        if (!incrementalMean) {
          double[] c2 = {c[0]};
          double sum = Kahan.inc(f, value, c2);
          if (!Double.isInfinite(sum)) {
            value = sum;
            c[0] = c2[0];
            break;
          }
          incrementalMean = true;
          mean = value / (count - 1);
          c[0] /= count - 1;
        }
        double q = (count - 1) / count;
        c[0] = q * c[0];
        mean = Kahan.inc(f / count, q * mean, c);
      }
      case MAX -> {
        if (value < f || Double.isNaN(value)) {
          value = f;
        }
      }
      case MIN -> {
        if (value > f || Double.isNaN(value)) {
          value = f;
        }
      }
      case COUNT -> count++;
      case STDDEV, STDVAR -> {
        count++;
        double delta = f - mean;
        mean += delta / count;
        value += delta * (f - mean);
      }
      case QUANTILE -> push(f);
      default -> {}
    }
  }

  private void push(double f) {
    if (n == values.length) {
      values = Arrays.copyOf(values, Math.max(8, n * 2));
    }
    values[n++] = f;
  }

  double result(double q) {
    return switch (op) {
      case AVG -> {
        if (incrementalMean) {
          yield mean + c[0];
        }
        yield value / count + c[0] / count;
      }
      case SUM -> Double.isInfinite(value) ? value : value + c[0];
      case COUNT -> count;
      case STDVAR -> value / count;
      case STDDEV -> Math.sqrt(value / count);
      case QUANTILE -> Quantiles.quantile(q, Arrays.copyOf(values, n));
      default -> value;
    };
  }
}
