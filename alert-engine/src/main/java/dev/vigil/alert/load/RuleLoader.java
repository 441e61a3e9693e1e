package dev.vigil.alert.load;

import dev.vigil.alert.slo.GeneratorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Loads a rule directory: every {@code *.yml} and {@code *.yaml} file below it (hidden files and
 * directories skipped), in path order. Files are checked independently: a file with a problem is
 * rejected, and the previous valid version of it (from the {@code previous} load) keeps running
 * while every other file is updated, as Prometheus keeps the old rules when a reload fails, but per
 * file rather than all or nothing. A file removed from the directory stops running.
 *
 * <p>Thread-safe: a loader holds only its settings.
 */
public final class RuleLoader {
  /** Sloth's default SLO period, used for Sloth files, which have no period field. */
  public static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

  private final Duration defaultPeriod;
  private final GeneratorOptions generatorOptions;

  public RuleLoader(Duration defaultPeriod, GeneratorOptions generatorOptions) {
    this.defaultPeriod = Objects.requireNonNull(defaultPeriod, "defaultPeriod");
    this.generatorOptions = Objects.requireNonNull(generatorOptions, "generatorOptions");
  }

  /** A 30-day default period and Vigil's rule generation. */
  public static RuleLoader withDefaults() {
    return new RuleLoader(DEFAULT_PERIOD, GeneratorOptions.VIGIL);
  }

  /**
   * Loads every rule file below {@code directory}; files are named in messages relative to the
   * directory's parent ({@code rules/api.yml}).
   *
   * @param previous the last load, whose valid versions stand in for now-broken files; {@link
   *     LoadedRules#EMPTY} the first time
   * @throws RuleLoadException if the directory cannot be listed
   */
  public LoadedRules load(Path directory, LoadedRules previous) throws RuleLoadException {
    if (!Files.isDirectory(directory)) {
      throw new RuleLoadException(
          "rule directory "
              + directory
              + " does not exist or is not a"
              + " directory; create it or point the rules setting at the right place");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      files =
          walk.filter(p -> Files.isRegularFile(p) && isRuleFile(directory, p)).sorted().toList();
    } catch (IOException e) {
      throw new RuleLoadException("cannot list rule directory " + directory + ": " + e, e);
    }
    Path base = directory.toAbsolutePath().normalize().getParent();
    List<Named> named = new ArrayList<>();
    for (Path p : files) {
      Path abs = p.toAbsolutePath().normalize();
      named.add(new Named(p, base == null ? p.toString() : base.relativize(abs).toString()));
    }
    return assemble(named, previous);
  }

  /**
   * Loads the given files together (alert windows and OpenSLO references resolve among them),
   * naming each as given: what {@code vigil rules check FILE...} uses.
   */
  public LoadedRules loadFiles(List<Path> files, LoadedRules previous) {
    return assemble(files.stream().map(p -> new Named(p, p.toString())).toList(), previous);
  }

  private LoadedRules assemble(List<Named> files, LoadedRules previous) {
    List<ParsedFile> parsed = new ArrayList<>(files.size());
    for (Named f : files) {
      parsed.add(RuleFileParser.parse(f.path(), f.name(), defaultPeriod));
    }
    return new RuleAssembler(parsed, generatorOptions).assemble(previous);
  }

  private static boolean isRuleFile(Path root, Path file) {
    for (Path part : root.relativize(file)) {
      if (part.toString().startsWith(".")) {
        return false;
      }
    }
    String name = file.getFileName().toString();
    return name.endsWith(".yml") || name.endsWith(".yaml");
  }

  private record Named(Path path, String name) {}
}
