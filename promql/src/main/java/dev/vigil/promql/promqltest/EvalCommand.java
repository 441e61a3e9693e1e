package dev.vigil.promql.promqltest;

import java.time.Duration;
import java.util.List;

/**
 * {@code eval instant at <time> <query>} or {@code eval range from <start> to <end> step <step>
 * <query>}, with its expectations and expected result. Times are offsets from the test's start.
 *
 * @param line the line of the eval keyword
 * @param query the PromQL text, unparsed
 * @param queryColumn the 1-based column where the query starts on its line, for error positions
 * @param range true for a range query
 * @param start evaluation time (instant) or range start
 * @param end range end; equal to {@code start} for instant queries
 * @param step range step; zero for instant queries
 * @param expectations the expect lines and eval modifiers
 * @param expected the expected result
 */
public record EvalCommand(
    int line,
    String query,
    int queryColumn,
    boolean range,
    Duration start,
    Duration end,
    Duration step,
    List<Expectation> expectations,
    ExpectedResult expected)
    implements ScriptCommand {

  public EvalCommand {
    expectations = List.copyOf(expectations);
  }

  /** Whether the query is expected to fail (to parse or to evaluate). */
  public boolean expectsFailure() {
    return expectations.stream().anyMatch(e -> e.kind() == Expectation.Kind.FAIL);
  }
}
