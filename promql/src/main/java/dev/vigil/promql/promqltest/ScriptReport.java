package dev.vigil.promql.promqltest;

import java.util.List;

/**
 * The outcome of running one script: every eval's outcome, in file order.
 *
 * @param name the script's name
 * @param outcomes one per eval command
 */
public record ScriptReport(String name, List<EvalOutcome> outcomes) {

  public ScriptReport {
    outcomes = List.copyOf(outcomes);
  }

  public long count(EvalOutcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  public List<EvalOutcome> failures() {
    return outcomes.stream().filter(o -> o.status() == EvalOutcome.Status.FAILED).toList();
  }

  public List<EvalOutcome> skips() {
    return outcomes.stream().filter(o -> o.status() == EvalOutcome.Status.SKIPPED).toList();
  }
}
