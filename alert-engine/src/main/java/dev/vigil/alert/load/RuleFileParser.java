package dev.vigil.alert.load;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one rule file: each YAML document is told apart by its content (Sloth's {@code version},
 * OpenSLO's and Sloth's {@code apiVersion}/{@code kind}, Prometheus' {@code groups}) and handed to
 * its reader, so one directory, and even one file, may mix the formats.
 */
final class RuleFileParser {
  /** Bounds alias expansion: a rule file has no use for a "billion laughs". */
  private static final int MAX_ALIASES = 50;

  private RuleFileParser() {}

  static ParsedFile parse(Path path, String displayName, Duration defaultPeriod) {
    ParsedFile file = new ParsedFile(path, displayName);
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowDuplicateKeys(false);
    try (Reader reader = Files.newBufferedReader(path)) {
      int index = 0;
      for (Node root : new Yaml(options).composeAll(reader)) {
        if (root != null && !YamlMap.isNull(root)) {
          document(file, root, index, defaultPeriod);
        }
        index++;
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      file.problems.add(
          mark == null ? 0 : mark.getLine() + 1, "", "not valid YAML: " + e.getProblem());
    } catch (YAMLException e) {
      file.problems.add(0, "", "not valid YAML: " + e.getMessage());
    } catch (IOException e) {
      file.problems.add(0, "", "cannot read the file: " + e);
    }
    return file;
  }

  private static void document(ParsedFile file, Node root, int index, Duration defaultPeriod) {
    Optional<YamlMap> docOpt = YamlMap.of(root, "", file.problems);
    if (docOpt.isEmpty()) {
      return;
    }
    YamlMap doc = docOpt.get();
    String version = doc.string("version").orElse("");
    String apiVersion = doc.string("apiVersion").orElse("");
    String kind = doc.string("kind").orElse("");
    if (doc.has("version")) {
      if (!version.equals(SlothReader.VERSION)) {
        file.problems.add(
            doc.nodeOr("version"),
            "version",
            "Sloth spec version \""
                + version
                + "\" is not supported (expected \""
                + SlothReader.VERSION
                + "\")");
        return;
      }
      file.formats.add("sloth");
      file.slos.addAll(SlothReader.read(doc, defaultPeriod));
    } else if (apiVersion.equals(AlertWindowsReader.API_VERSION)
        && kind.equals(AlertWindowsReader.KIND)) {
      file.formats.add("sloth-alert-windows");
      AlertWindowsReader.read(doc)
          .ifPresent(w -> file.windows.add(new ParsedFile.AlertWindowsAt(w, doc.node())));
    } else if (apiVersion.equals(AlertWindowsReader.API_VERSION)) {
      file.problems.add(
          doc.nodeOr("kind"),
          "kind",
          "Sloth kind \""
              + kind
              + "\" is not"
              + " supported (AlertWindows is; for SLOs use version: \"prometheus/v1\")");
    } else if (OpenSloReader.API_VERSIONS.contains(apiVersion)) {
      file.formats.add("openslo");
      if (kind.isEmpty()) {
        file.problems.add(doc.node(), "kind", "is required");
        return;
      }
      OpenSloReader.collect(doc, kind, file.catalog).ifPresent(file.openSloSlos::add);
    } else if (doc.has("groups")) {
      file.formats.add("prometheus");
      file.groups.addAll(PromRulesReader.read(doc));
    } else {
      file.problems.add(
          root,
          "",
          "document "
              + (index + 1)
              + ": cannot tell its format: expected"
              + " version: \"prometheus/v1\" (Sloth), apiVersion: openslo/v1 or openslo/v1alpha"
              + " (OpenSLO), apiVersion: sloth.slok.dev/v1 with kind: AlertWindows, or groups:"
              + " (Prometheus rules)");
    }
  }
}
