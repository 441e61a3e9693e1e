package dev.vigil.alert.rules;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named list of rules evaluated in order at one interval, as in Prometheus: a recording rule's
 * output is visible to the rules after it in the same evaluation.
 *
 * @param interval how often to evaluate; empty means the engine's global interval
 */
public record RuleGroup(String name, Optional<Duration> interval, List<Rule> rules) {

  public RuleGroup {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(interval, "interval");
    rules = List.copyOf(rules);
  }

  public static RuleGroup of(String name, List<Rule> rules) {
    return new RuleGroup(name, Optional.empty(), rules);
  }
}
