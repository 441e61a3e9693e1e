package dev.vigil.alert.load;

import dev.vigil.promql.ast.DurationSyntax;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read through SnakeYAML's node tree, which keeps line numbers that plain object
 * mapping loses. Every getter reports a wrong kind of value to {@link Problems} with the field's
 * path and line and returns empty, so reading goes on and all problems of a file are found.
 */
final class YamlMap {
  static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final MappingNode node;
  private final String path;
  private final Problems problems;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  private YamlMap(MappingNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    for (NodeTuple t : node.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode key) {
        if (entries.putIfAbsent(key.getValue(), t) != null) {
          problems.add(key, field(key.getValue()), "given twice");
        }
      } else {
        problems.add(t.getKeyNode(), path, "keys must be plain strings");
      }
    }
  }

  /** {@code node} as a mapping; a problem and empty when it is something else. */
  static Optional<YamlMap> of(Node node, String path, Problems problems) {
    if (node instanceof MappingNode m) {
      return Optional.of(new YamlMap(m, path, problems));
    }
    problems.add(node, path, "must be a mapping (key: value), got " + kind(node));
    return Optional.empty();
  }

  Node node() {
    return node;
  }

  String path() {
    return path;
  }

  Problems problems() {
    return problems;
  }

  /** The path of {@code key} inside this mapping: {@code slos[0].objective}. */
  String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
  }

  /** The value node of {@code key}, or the mapping itself when absent (for its line). */
  Node nodeOr(String key) {
    return has(key) ? entries.get(key).getValueNode() : node;
  }

  Optional<Node> get(String key) {
    return has(key) ? Optional.of(entries.get(key).getValueNode()) : Optional.empty();
  }

  /** Reports keys outside {@code allowed}: a misspelt key silently ignored is a silent default. */
  void allowOnly(Set<String> allowed) {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        problems.add(
            e.getValue().getKeyNode(),
            field(e.getKey()),
            "unknown field (expected one of " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
  }

  Optional<String> string(String key) {
    Optional<Node> n = get(key);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    if (n.get() instanceof ScalarNode s) {
      return Optional.of(s.getValue());
    }
    problems.add(n.get(), field(key), "must be a string, got " + kind(n.get()));
    return Optional.empty();
  }

  Optional<String> requiredString(String key) {
    Optional<String> s = string(key);
    if (s.isEmpty() && !has(key)) {
      problems.add(node, field(key), "is required");
    } else if (s.isPresent() && s.get().isBlank()) {
      problems.add(nodeOr(key), field(key), "must not be empty");
      return Optional.empty();
    }
    return s;
  }

  Optional<Double> number(String key) {
    Optional<String> s = string(key);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      double d = Double.parseDouble(s.get());
      if (Double.isFinite(d)) {
        return Optional.of(d);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(nodeOr(key), field(key), "must be a number, got \"" + s.get() + "\"");
    return Optional.empty();
  }

  Optional<Double> requiredNumber(String key) {
    if (!has(key)) {
      problems.add(node, field(key), "is required");
      return Optional.empty();
    }
    return number(key);
  }

  Optional<Boolean> bool(String key) {
    Optional<String> s = string(key);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    return switch (s.get()) {
      case "true", "True", "TRUE" -> Optional.of(true);
      case "false", "False", "FALSE" -> Optional.of(false);
      default -> {
        problems.add(nodeOr(key), field(key), "must be true or false, got \"" + s.get() + "\"");
        yield Optional.empty();
      }
    };
  }

  /** A Prometheus duration such as {@code 5m} or {@code 1h30m}. */
  Optional<Duration> duration(String key) {
    Optional<String> s = string(key);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(DurationSyntax.parse(s.get()));
    } catch (IllegalArgumentException e) {
      problems.add(nodeOr(key), field(key), e.getMessage() + " (use e.g. 5m, 1h, 30d)");
      return Optional.empty();
    }
  }

  Optional<YamlMap> map(String key) {
    return get(key).flatMap(n -> of(n, field(key), problems));
  }

  Optional<YamlMap> requiredMap(String key) {
    if (!has(key)) {
      problems.add(node, field(key), "is required");
      return Optional.empty();
    }
    return map(key);
  }

  /** The items of a sequence; empty (with a problem) when the value is not a sequence. */
  List<Node> list(String key) {
    Optional<Node> n = get(key);
    if (n.isEmpty()) {
      return List.of();
    }
    if (n.get() instanceof SequenceNode seq) {
      return seq.getValue();
    }
    problems.add(n.get(), field(key), "must be a list, got " + kind(n.get()));
    return List.of();
  }

  /** The items of a sequence that are mappings, each with its {@code key[i]} path. */
  List<YamlMap> maps(String key) {
    List<YamlMap> out = new ArrayList<>();
    List<Node> items = list(key);
    for (int i = 0; i < items.size(); i++) {
      of(items.get(i), field(key) + "[" + i + "]", problems).ifPresent(out::add);
    }
    return out;
  }

  /**
   * A label map: names must be valid Prometheus label names, values are taken as strings whatever
   * their YAML type ({@code tier: 2} means {@code "2"}), as Prometheus reads them.
   */
  Map<String, String> labels(String key) {
    return stringMap(key, true);
  }

  /** An annotation-like map: any keys, string values. */
  Map<String, String> stringMap(String key, boolean labelNames) {
    Map<String, String> out = new TreeMap<>();
    Optional<YamlMap> m = map(key);
    if (m.isEmpty()) {
      return out;
    }
    for (NodeTuple t : m.get().node.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        continue;
      }
      String name = k.getValue();
      String f = m.get().field(name);
      if (labelNames && !LABEL_NAME.matcher(name).matches()) {
        problems.add(k, f, "invalid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)");
      }
      if (t.getValueNode() instanceof ScalarNode v) {
        out.put(name, isNull(v) ? "" : v.getValue());
      } else {
        problems.add(t.getValueNode(), f, "must be a string, got " + kind(t.getValueNode()));
      }
    }
    return out;
  }

  /** {@code 100} rather than {@code 100.0}: numbers in messages read as the user wrote them. */
  static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  static boolean isNull(Node n) {
    return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
  }

  static String kind(Node n) {
    if (n == null || isNull(n)) {
      return "nothing";
    }
    return switch (n) {
      case MappingNode m -> "a mapping";
      case SequenceNode s -> "a list";
      case ScalarNode s -> "\"" + s.getValue() + "\"";
      default -> n.getNodeId().toString();
    };
  }
}
