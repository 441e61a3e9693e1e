package dev.vigil.alert.load;

import dev.vigil.alert.rules.RuleGroup;
import dev.vigil.alert.slo.AlertWindows;
import dev.vigil.alert.slo.Slo;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One rule file after a load: its status, its problems, and what of it is running. A file with a
 * problem is rejected as a whole; what runs for it is then the previous valid version, if there was
 * one ({@link #keptPrevious}), so a typo never silently turns alerts off.
 *
 * @param name the file as users see it in messages, e.g. {@code rules/api.yml}
 * @param slos the SLOs running from this file
 * @param groups the rule groups running from this file: its own, and those generated from its SLOs
 * @param formats the formats of its documents ({@code sloth}, {@code sloth-alert-windows}, {@code
 *     openslo}, {@code prometheus}) as read this time; empty when none could be told
 * @param loadedAt when the running version was loaded (for a kept previous version, its time)
 */
public record RuleFile(
    Path path,
    String name,
    Status status,
    List<Problem> problems,
    List<Slo> slos,
    List<AlertWindows> alertWindows,
    List<RuleGroup> groups,
    boolean keptPrevious,
    List<String> formats,
    java.time.Instant loadedAt) {

  /** Whether the file as it is on disk was accepted. */
  public enum Status {
    OK,
    ERROR
  }

  public RuleFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    problems = List.copyOf(problems);
    slos = List.copyOf(slos);
    alertWindows = List.copyOf(alertWindows);
    groups = List.copyOf(groups);
    formats = List.copyOf(formats);
    Objects.requireNonNull(loadedAt, "loadedAt");
  }

  /** The number of rules running from this file. */
  public int ruleCount() {
    return groups.stream().mapToInt(g -> g.rules().size()).sum();
  }
}
