package dev.vigil.promql.engine;

import java.util.List;
import java.util.Objects;

/**
 * A successful query's value with its annotations, worded as Prometheus words them, each ending in
 * the position of the expression it concerns: {@code PromQL info: metric might not be a counter,
 * name does not end in _total/_sum/_count/_bucket: "foo" (1:6)}.
 *
 * @param value the result
 * @param warnings results may be wrong or incomplete
 * @param infos results are right but the query may not mean what it says
 */
public record QueryResult(Value value, List<String> warnings, List<String> infos) {
  public QueryResult {
    Objects.requireNonNull(value, "value");
    warnings = List.copyOf(warnings);
    infos = List.copyOf(infos);
  }
}
