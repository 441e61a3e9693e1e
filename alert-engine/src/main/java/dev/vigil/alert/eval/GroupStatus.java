package dev.vigil.alert.eval;

import dev.vigil.alert.rules.Rule;
import dev.vigil.alert.rules.RuleGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A snapshot of one group for the rules API: its rules, their last run, errors and alerts. */
public final class GroupStatus {
  private final GroupEvaluation g;

  GroupStatus(GroupEvaluation g) {
    this.g = g;
  }

  public String file() {
    return g.file;
  }

  public RuleGroup group() {
    return g.group;
  }

  public Instant lastRun() {
    return g.lastRun();
  }

  public Duration lastDuration() {
    return g.lastDuration();
  }

  public String lastError(Rule rule) {
    return g.lastError(rule);
  }

  public Instant lastEvaluation(Rule rule) {
    return g.lastEvaluation(rule);
  }

  public List<Alert> alerts(Rule rule) {
    return g.alerts(rule);
  }
}
