package dev.vigil.promql.engine;

import java.util.List;
import java.util.Objects;

/**
 * What a query returns, as Prometheus types it: a scalar, a string, an instant vector, or a matrix
 * (a range vector from an instant query, or the result of any range query).
 */
public sealed interface Value {

  /** The type name of Prometheus' HTTP API: scalar, string, vector, matrix. */
  String typeName();

  /** A single number at the evaluation time. */
  record Scalar(long timestamp, double value) implements Value {
    @Override
    public String typeName() {
      return "scalar";
    }
  }

  /** A string literal's value. */
  record StringValue(long timestamp, String value) implements Value {
    public StringValue {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String typeName() {
      return "string";
    }
  }

  /**
   * An instant vector. Its order is meaningful only after {@code sort}, {@code sort_desc}, {@code
   * sort_by_label}, {@code topk} and {@code bottomk}, as in Prometheus.
   */
  record Vector(List<Sample> samples) implements Value {
    public Vector {
      samples = List.copyOf(samples);
    }

    @Override
    public String typeName() {
      return "vector";
    }
  }

  /** Series with points, sorted by labels. */
  record Matrix(List<RangeSeries> series) implements Value {
    public Matrix {
      series = List.copyOf(series);
    }

    @Override
    public String typeName() {
      return "matrix";
    }
  }
}
