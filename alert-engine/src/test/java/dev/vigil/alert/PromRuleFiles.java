package dev.vigil.alert;

import dev.vigil.alert.rules.AlertingRule;
import dev.vigil.alert.rules.RecordingRule;
import dev.vigil.alert.rules.Rule;
import dev.vigil.alert.rules.RuleGroup;
import dev.vigil.promql.ast.DurationSyntax;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads a Prometheus rule file (all its documents) with plain SnakeYAML: a second, independent
 * reader, so the conformance test does not compare Vigil's reader with itself.
 */
public final class PromRuleFiles {
  private PromRuleFiles() {}

  @SuppressWarnings("unchecked")
  public static List<RuleGroup> read(Path file) throws IOException {
    List<RuleGroup> groups = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file)) {
      for (Object doc : new Yaml().loadAll(r)) {
        if (doc == null) {
          continue;
        }
        for (Map<String, Object> g :
            (List<Map<String, Object>>) ((Map<String, Object>) doc).get("groups")) {
          List<Rule> rules = new ArrayList<>();
          for (Map<String, Object> rule : (List<Map<String, Object>>) g.get("rules")) {
            Map<String, String> labels = strings(rule.get("labels"));
            String expr = String.valueOf(rule.get("expr"));
            if (rule.containsKey("record")) {
              rules.add(new RecordingRule((String) rule.get("record"), expr, labels));
            } else {
              rules.add(
                  new AlertingRule(
                      (String) rule.get("alert"),
                      expr,
                      duration(rule.get("for")),
                      duration(rule.get("keep_firing_for")),
                      labels,
                      strings(rule.get("annotations"))));
            }
          }
          Optional<Duration> interval =
              Optional.ofNullable(g.get("interval")).map(i -> DurationSyntax.parse((String) i));
          groups.add(new RuleGroup((String) g.get("name"), interval, rules));
        }
      }
    }
    return groups;
  }

  private static Duration duration(Object o) {
    return o == null ? Duration.ZERO : DurationSyntax.parse(o.toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> strings(Object o) {
    Map<String, String> out = new TreeMap<>();
    if (o != null) {
      ((Map<String, Object>) o).forEach((k, v) -> out.put(k, String.valueOf(v)));
    }
    return out;
  }
}
