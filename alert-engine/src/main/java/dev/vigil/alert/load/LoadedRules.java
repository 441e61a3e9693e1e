package dev.vigil.alert.load;

import dev.vigil.alert.rules.RuleGroup;
import dev.vigil.alert.slo.Slo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The result of loading a rule directory: every file with its status, and everything that runs.
 * Immutable; pass it to the next {@link RuleLoader#load} so rejected files keep their previous
 * valid version running.
 */
public record LoadedRules(List<RuleFile> files) {

  /** Nothing loaded yet: the {@code previous} of the first load. */
  public static final LoadedRules EMPTY = new LoadedRules(List.of());

  public LoadedRules {
    files = List.copyOf(files);
  }

  public Optional<RuleFile> file(Path path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /** Every SLO running, in file order. */
  public List<Slo> slos() {
    return files.stream().flatMap(f -> f.slos().stream()).toList();
  }

  /** Every rule group running, in file order. */
  public List<RuleGroup> groups() {
    return files.stream().flatMap(f -> f.groups().stream()).toList();
  }

  /** Every problem of every file. */
  public List<Problem> problems() {
    return files.stream().flatMap(f -> f.problems().stream()).toList();
  }

  public boolean hasErrors() {
    return files.stream().anyMatch(f -> f.status() == RuleFile.Status.ERROR);
  }
}
