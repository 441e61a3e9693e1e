package dev.vigil.alert.unittest;

import dev.vigil.promql.ast.DurationSyntax;
import dev.vigil.promql.promqltest.ScriptParseException;
import dev.vigil.promql.promqltest.SeriesLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a {@code promtool test rules} file strictly: an unknown key is an error (a misspelt {@code
 * exp_alerts} would otherwise pass every test), and every error names the field.
 */
final class TestFileReader {
  private final String file;

  TestFileReader(String file) {
    this.file = file;
  }

  /** Thrown with {@code file: field: message}. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  TestFile read(Path path) throws Invalid {
    Object root;
    try {
      LoaderOptions o = new LoaderOptions();
      o.setAllowDuplicateKeys(false);
      root = new Yaml(new SafeConstructor(o)).load(Files.readString(path));
    } catch (IOException e) {
      throw new Invalid(file + ": cannot read the file: " + e.getMessage());
    } catch (YAMLException e) {
      throw new Invalid(file + ": not valid YAML: " + e.getMessage());
    }
    Map<String, Object> top =
        map(
            root,
            "",
            Set.of(
                "rule_files", "evaluation_interval", "group_eval_order", "tests", "fuzzy_compare"));
    List<Path> ruleFiles = new ArrayList<>();
    Path base = path.toAbsolutePath().getParent();
    int i = 0;
    for (Object f : list(top.get("rule_files"), "rule_files")) {
      ruleFiles.add(base.resolve(string(f, "rule_files[" + i++ + "]")));
    }
    Duration evalInterval =
        top.containsKey("evaluation_interval")
            ? duration(top.get("evaluation_interval"), "evaluation_interval")
            : Duration.ofMinutes(1);
    if (evalInterval.isZero()) {
      throw invalid("evaluation_interval", "must be positive");
    }
    List<TestFile.TestGroup> groups = new ArrayList<>();
    i = 0;
    if (!top.containsKey("tests")) {
      throw invalid("tests", "is required");
    }
    for (Object t : list(top.get("tests"), "tests")) {
      groups.add(group(t, "tests[" + i++ + "]", evalInterval));
    }
    List<String> order = new ArrayList<>();
    i = 0;
    for (Object o : list(top.get("group_eval_order"), "group_eval_order")) {
      String name = string(o, "group_eval_order[" + i++ + "]");
      if (order.contains(name)) {
        throw invalid("group_eval_order[" + (i - 1) + "]", "group '" + name + "' is listed twice");
      }
      order.add(name);
    }
    return new TestFile(ruleFiles, evalInterval, order, groups);
  }

  private TestFile.TestGroup group(Object node, String where, Duration evalInterval)
      throws Invalid {
    Map<String, Object> g =
        map(
            node,
            where,
            Set.of(
                "name",
                "interval",
                "input_series",
                "alert_rule_test",
                "promql_expr_test",
                "external_labels",
                "external_url"));
    Duration interval =
        g.containsKey("interval") ? duration(g.get("interval"), where + ".interval") : evalInterval;
    if (interval.isZero()) {
      throw invalid(where + ".interval", "must be positive");
    }
    List<SeriesLine> series = new ArrayList<>();
    int i = 0;
    for (Object s : list(g.get("input_series"), where + ".input_series")) {
      String w = where + ".input_series[" + i++ + "]";
      Map<String, Object> m = map(s, w, Set.of("series", "values"));
      if (!m.containsKey("series")) {
        throw invalid(w + ".series", "is required");
      }
      String values = m.containsKey("values") ? string(m.get("values"), w + ".values") : "";
      series.add(seriesLine(string(m.get("series"), w + ".series") + " " + values, w + ".series"));
    }
    List<TestFile.AlertTest> alerts = new ArrayList<>();
    i = 0;
    for (Object a : list(g.get("alert_rule_test"), where + ".alert_rule_test")) {
      String w = where + ".alert_rule_test[" + i++ + "]";
      Map<String, Object> m = map(a, w, Set.of("eval_time", "alertname", "exp_alerts"));
      if (!m.containsKey("alertname")) {
        throw invalid(w + ".alertname", "is required");
      }
      List<TestFile.ExpectedAlert> exp = new ArrayList<>();
      int j = 0;
      for (Object e : list(m.get("exp_alerts"), w + ".exp_alerts")) {
        String we = w + ".exp_alerts[" + j++ + "]";
        Map<String, Object> em = map(e, we, Set.of("exp_labels", "exp_annotations"));
        exp.add(
            new TestFile.ExpectedAlert(
                stringMap(em.get("exp_labels"), we + ".exp_labels"),
                stringMap(em.get("exp_annotations"), we + ".exp_annotations")));
      }
      alerts.add(
          new TestFile.AlertTest(
              m.containsKey("eval_time")
                  ? duration(m.get("eval_time"), w + ".eval_time")
                  : Duration.ZERO,
              string(m.get("alertname"), w + ".alertname"),
              exp));
    }
    List<TestFile.ExprTest> exprs = new ArrayList<>();
    i = 0;
    for (Object x : list(g.get("promql_expr_test"), where + ".promql_expr_test")) {
      String w = where + ".promql_expr_test[" + i++ + "]";
      Map<String, Object> m = map(x, w, Set.of("expr", "eval_time", "exp_samples"));
      if (!m.containsKey("expr")) {
        throw invalid(w + ".expr", "is required");
      }
      List<TestFile.ExpectedSample> exp = new ArrayList<>();
      int j = 0;
      for (Object e : list(m.get("exp_samples"), w + ".exp_samples")) {
        String we = w + ".exp_samples[" + j++ + "]";
        Map<String, Object> em = map(e, we, Set.of("labels", "value", "histogram"));
        if (em.containsKey("histogram")) {
          throw invalid(we + ".histogram", "native histogram samples are not supported yet");
        }
        Map<String, String> labels =
            em.containsKey("labels")
                ? seriesLine(string(em.get("labels"), we + ".labels"), we + ".labels").labels()
                : new TreeMap<>();
        if (!em.containsKey("value")) {
          throw invalid(we + ".value", "is required");
        }
        exp.add(new TestFile.ExpectedSample(labels, number(em.get("value"), we + ".value")));
      }
      exprs.add(
          new TestFile.ExprTest(
              string(m.get("expr"), w + ".expr"),
              m.containsKey("eval_time")
                  ? duration(m.get("eval_time"), w + ".eval_time")
                  : Duration.ZERO,
              exp));
    }
    return new TestFile.TestGroup(
        g.containsKey("name") ? string(g.get("name"), where + ".name") : "",
        interval,
        series,
        alerts,
        exprs,
        stringMap(g.get("external_labels"), where + ".external_labels"),
        g.containsKey("external_url")
            ? string(g.get("external_url"), where + ".external_url")
            : "");
  }

  private SeriesLine seriesLine(String text, String where) throws Invalid {
    try {
      return SeriesLine.parse(file, 0, text.strip());
    } catch (ScriptParseException e) {
      String m = e.getMessage();
      String prefix = file + ":0: ";
      throw invalid(where, m.startsWith(prefix) ? m.substring(prefix.length()) : m);
    }
  }

  private Invalid invalid(String field, String message) {
    return new Invalid(file + ": " + field + ": " + message);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(Object node, String where, Set<String> allowed) throws Invalid {
    if (!(node instanceof Map<?, ?> m)) {
      throw invalid(where.isEmpty() ? "the file" : where, "must be a mapping");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (!allowed.contains(key)) {
        throw invalid(
            where.isEmpty() ? key : where + "." + key,
            "unknown key; known keys: " + String.join(", ", allowed.stream().sorted().toList()));
      }
      out.put(key, e.getValue());
    }
    return out;
  }

  private List<?> list(Object node, String where) throws Invalid {
    if (node == null) {
      return List.of();
    }
    if (!(node instanceof List<?> l)) {
      throw invalid(where, "must be a list");
    }
    return l;
  }

  private String string(Object node, String where) throws Invalid {
    if (node instanceof String s) {
      return s;
    }
    if (node instanceof Number || node instanceof Boolean) {
      return String.valueOf(node);
    }
    throw invalid(where, "must be a single value");
  }

  private double number(Object node, String where) throws Invalid {
    if (node instanceof Number n) {
      return n.doubleValue();
    }
    String s = string(node, where);
    try {
      return switch (s.toLowerCase(java.util.Locale.ROOT)) {
        case "inf", "+inf" -> Double.POSITIVE_INFINITY;
        case "-inf" -> Double.NEGATIVE_INFINITY;
        case "nan" -> Double.NaN;
        default -> Double.parseDouble(s);
      };
    } catch (NumberFormatException e) {
      throw invalid(where, "'" + s + "' is not a number");
    }
  }

  private Duration duration(Object node, String where) throws Invalid {
    String s = string(node, where);
    try {
      return DurationSyntax.parse(s);
    } catch (IllegalArgumentException e) {
      throw invalid(where, e.getMessage());
    }
  }

  private Map<String, String> stringMap(Object node, String where) throws Invalid {
    Map<String, String> out = new TreeMap<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof Map<?, ?> m)) {
      throw invalid(where, "must be a mapping of names to values");
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      out.put(String.valueOf(e.getKey()), string(e.getValue(), where + "." + e.getKey()));
    }
    return out;
  }
}
