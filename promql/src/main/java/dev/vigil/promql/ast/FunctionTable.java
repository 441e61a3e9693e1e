package dev.vigil.promql.ast;

import static dev.vigil.promql.ast.ValueType.MATRIX;
import static dev.vigil.promql.ast.ValueType.SCALAR;
import static dev.vigil.promql.ast.ValueType.STRING;
import static dev.vigil.promql.ast.ValueType.VECTOR;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every function of Prometheus 3.x PromQL with its signature. The parser checks calls against this
 * table; the evaluator will key its implementations on the same names.
 */
public final class FunctionTable {

  private static final Map<String, Function> FUNCTIONS = build();

  private FunctionTable() {}

  /** The function called {@code name}, if PromQL has one. */
  public static Optional<Function> lookup(String name) {
    return Optional.ofNullable(FUNCTIONS.get(name));
  }

  /** All functions, sorted by name. */
  public static Collection<Function> all() {
    return FUNCTIONS.values();
  }

  private static Map<String, Function> build() {
    Map<String, Function> table = new TreeMap<>();
    // Element-wise maths on an instant vector.
    for (String name :
        List.of(
            "abs",
            "absent",
            "acos",
            "acosh",
            "asin",
            "asinh",
            "atan",
            "atanh",
            "ceil",
            "cos",
            "cosh",
            "deg",
            "exp",
            "floor",
            "histogram_avg",
            "histogram_count",
            "histogram_sum",
            "histogram_stddev",
            "histogram_stdvar",
            "ln",
            "log10",
            "log2",
            "rad",
            "sgn",
            "sin",
            "sinh",
            "sort",
            "sort_desc",
            "sqrt",
            "tan",
            "tanh",
            "timestamp")) {
      put(table, name, VECTOR, 0, false, VECTOR);
    }
    // Functions over a range vector.
    for (String name :
        List.of(
            "absent_over_time",
            "avg_over_time",
            "changes",
            "count_over_time",
            "delta",
            "deriv",
            "first_over_time",
            "idelta",
            "increase",
            "irate",
            "last_over_time",
            "max_over_time",
            "min_over_time",
            "present_over_time",
            "rate",
            "resets",
            "stddev_over_time",
            "stdvar_over_time",
            "sum_over_time")) {
      put(table, name, VECTOR, 0, false, MATRIX);
    }
    for (String name :
        List.of(
            "mad_over_time",
            "ts_of_first_over_time",
            "ts_of_last_over_time",
            "ts_of_max_over_time",
            "ts_of_min_over_time")) {
      put(table, name, VECTOR, 0, true, MATRIX);
    }
    // Calendar functions default to time() when called without an argument.
    for (String name :
        List.of(
            "day_of_month",
            "day_of_week",
            "day_of_year",
            "days_in_month",
            "hour",
            "minute",
            "month",
            "year")) {
      put(table, name, VECTOR, 1, false, VECTOR);
    }
    // Query-range accessors, experimental in Prometheus.
    for (String name : List.of("start", "end", "step", "range")) {
      put(table, name, SCALAR, 0, true);
    }
    put(table, "pi", SCALAR, 0, false);
    put(table, "time", SCALAR, 0, false);
    put(table, "scalar", SCALAR, 0, false, VECTOR);
    put(table, "vector", VECTOR, 0, false, SCALAR);
    put(table, "clamp", VECTOR, 0, false, VECTOR, SCALAR, SCALAR);
    put(table, "clamp_max", VECTOR, 0, false, VECTOR, SCALAR);
    put(table, "clamp_min", VECTOR, 0, false, VECTOR, SCALAR);
    put(table, "round", VECTOR, 1, false, VECTOR, SCALAR);
    put(table, "predict_linear", VECTOR, 0, false, MATRIX, SCALAR);
    put(table, "quantile_over_time", VECTOR, 0, false, SCALAR, MATRIX);
    put(table, "histogram_fraction", VECTOR, 0, false, SCALAR, SCALAR, VECTOR);
    put(table, "histogram_quantile", VECTOR, 0, false, SCALAR, VECTOR);
    put(table, "histogram_quantiles", VECTOR, 9, true, VECTOR, STRING, SCALAR, SCALAR);
    put(table, "double_exponential_smoothing", VECTOR, 0, true, MATRIX, SCALAR, SCALAR);
    put(table, "label_replace", VECTOR, 0, false, VECTOR, STRING, STRING, STRING, STRING);
    put(table, "label_join", VECTOR, -1, false, VECTOR, STRING, STRING, STRING);
    put(table, "sort_by_label", VECTOR, -1, true, VECTOR, STRING);
    put(table, "sort_by_label_desc", VECTOR, -1, true, VECTOR, STRING);
    put(table, "info", VECTOR, 1, true, VECTOR, VECTOR);
    put(table, "min_of", SCALAR, 0, true, SCALAR, SCALAR);
    put(table, "max_of", SCALAR, 0, true, SCALAR, SCALAR);
    put(table, "start_timestamp", VECTOR, 0, true, VECTOR);
    return java.util.Collections.unmodifiableMap(table);
  }

  private static void put(
      Map<String, Function> table,
      String name,
      ValueType returns,
      int variadic,
      boolean experimental,
      ValueType... args) {
    if (table.put(name, new Function(name, List.of(args), variadic, returns, experimental))
        != null) {
      throw new IllegalStateException("BUG: function " + name + " defined twice");
    }
  }
}
