package dev.vigil.alert.load;

import dev.vigil.alert.QueryLanguage;
import dev.vigil.alert.rules.AlertingRule;
import dev.vigil.alert.rules.GoTemplateSyntax;
import dev.vigil.alert.rules.RecordingRule;
import dev.vigil.alert.rules.Rule;
import dev.vigil.alert.rules.RuleGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads Prometheus rule files ({@code groups: [{name, interval, rules: [...]}]}) with the checks
 * {@code promtool check rules} makes, plus a syntax check of label and annotation templates. A
 * group may say {@code query_language: logql} (Vigil's extension, one language per group as in
 * Loki's ruler): its expressions are LogQL metric queries over the log index, and its recording
 * rules still write their results into the tsdb.
 */
final class PromRulesReader {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private PromRulesReader() {}

  static List<RuleGroup> read(YamlMap doc) {
    doc.allowOnly(Set.of("groups"));
    List<RuleGroup> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (YamlMap g : doc.maps("groups")) {
      int before = g.problems().size();
      g.allowOnly(
          Set.of(
              "name",
              "interval",
              "query_offset",
              "limit",
              "labels",
              "rules",
              ExprCheck.LANGUAGE_KEY));
      Optional<QueryLanguage> language = ExprCheck.language(g);
      Optional<String> name = g.requiredString("name");
      if (name.isPresent() && !names.add(name.get())) {
        g.problems()
            .add(
                g.nodeOr("name"),
                g.field("name"),
                "group \"" + name.get() + "\" is defined twice in this file");
      }
      Optional<Duration> interval = g.duration("interval");
      if (interval.isPresent() && interval.get().isZero()) {
        g.problems().add(g.nodeOr("interval"), g.field("interval"), "must be above 0");
      }
      g.duration("query_offset");
      g.number("limit")
          .filter(l -> l < 0 || l != Math.rint(l))
          .ifPresent(l ->
              g.problems().add(g.nodeOr("limit"), g.field("limit"), "must be a whole number >= 0"));
      Map<String, String> groupLabels = g.labels("labels");
      if (!g.has("rules")) {
        g.problems().add(g.node(), g.field("rules"), "is required");
      }
      List<Rule> rules = new ArrayList<>();
      for (YamlMap r : g.maps("rules")) {
        language.flatMap(l -> rule(r, groupLabels, l)).ifPresent(rules::add);
      }
      if (name.isPresent() && g.problems().size() == before) {
        out.add(new RuleGroup(name.get(), interval, rules));
      }
    }
    return out;
  }

  private static Optional<Rule> rule(
      YamlMap r, Map<String, String> groupLabels, QueryLanguage language) {
    r.allowOnly(
        Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"));
    if (r.has("record") == r.has("alert")) {
      r.problems().add(r.node(), r.path(), "needs exactly one of record or alert");
      return Optional.empty();
    }
    Optional<String> expr = r.requiredString("expr");
    boolean ok =
        expr.isPresent()
            && ExprCheck.check(
                language, r.problems(), r.nodeOr("expr"), r.field("expr"), expr.get(), "");
    Map<String, String> labels = new TreeMap<>(groupLabels);
    labels.putAll(r.labels("labels"));
    if (r.has("record")) {
      Optional<String> record = r.requiredString("record");
      if (record.isPresent() && !METRIC_NAME.matcher(record.get()).matches()) {
        r.problems()
            .add(
                r.nodeOr("record"),
                r.field("record"),
                "\"" + record.get() + "\" is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
        ok = false;
      }
      for (String key : List.of("for", "keep_firing_for", "annotations")) {
        if (r.has(key)) {
          r.problems()
              .add(
                  r.nodeOr(key),
                  r.field(key),
                  "is for alerting rules only; a recording" + " rule records every evaluation");
          ok = false;
        }
      }
      return ok && record.isPresent()
          ? Optional.of(new RecordingRule(record.get(), expr.get(), labels, language))
          : Optional.empty();
    }
    Optional<String> alert = r.requiredString("alert");
    Duration forDuration = r.duration("for").orElse(Duration.ZERO);
    Duration keepFiringFor = r.duration("keep_firing_for").orElse(Duration.ZERO);
    ok &= templatesOk(r, "labels", labels);
    Map<String, String> annotations = r.stringMap("annotations", false);
    ok &= templatesOk(r, "annotations", annotations);
    return ok && alert.isPresent()
        ? Optional.of(
            new AlertingRule(
                alert.get(), expr.get(), forDuration, keepFiringFor, labels, annotations, language))
        : Optional.empty();
  }

  private static boolean templatesOk(YamlMap r, String key, Map<String, String> values) {
    boolean ok = true;
    Optional<YamlMap> m = r.map(key);
    for (Map.Entry<String, String> e : values.entrySet()) {
      Optional<String> problem = GoTemplateSyntax.check(e.getValue());
      if (problem.isPresent()) {
        String field = m.map(x -> x.field(e.getKey())).orElse(r.field(key));
        r.problems()
            .add(
                m.map(x -> x.nodeOr(e.getKey())).orElse(r.nodeOr(key)),
                field,
                "invalid template: " + problem.get());
        ok = false;
      }
    }
    return ok;
  }
}
