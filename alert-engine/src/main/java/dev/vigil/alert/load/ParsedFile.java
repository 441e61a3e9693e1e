package dev.vigil.alert.load;

import dev.vigil.alert.rules.RuleGroup;
import dev.vigil.alert.slo.AlertWindows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What one file held after reading, before SLOs are turned into rules. Mutable while its file is
 * read, then only read.
 */
final class ParsedFile {
  final Path path;
  final Problems problems;

  /** The formats of its documents in order of appearance: sloth, openslo, prometheus, … */
  final java.util.Set<String> formats = new java.util.LinkedHashSet<>();

  final List<ReadSlo> slos = new ArrayList<>();
  final List<AlertWindowsAt> windows = new ArrayList<>();
  final List<RuleGroup> groups = new ArrayList<>();
  final List<YamlMap> openSloSlos = new ArrayList<>();
  final OpenSloCatalog catalog = new OpenSloCatalog();

  ParsedFile(Path path, String displayName) {
    this.path = path;
    this.problems = new Problems(displayName);
  }

  /** Alert windows and where they were defined, to report a second file for the same period. */
  record AlertWindowsAt(AlertWindows windows, Node node) {}
}
