package dev.vigil.server;

import dev.vigil.alert.eval.GroupTiming;
import dev.vigil.alert.notify.InhibitRule;
import dev.vigil.alert.notify.Route;
import dev.vigil.alert.notify.SilenceMatcher;
import dev.vigil.server.alerting.AlertingConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The {@code rules:} section of {@code vigil.yml}: rule directory, receivers, the route tree and
 * inhibit rules. As strict as the rest of the file: every error names the file, line and key.
 */
final class RulesConfigReader {
  /**
   * Alertmanager's matcher strings: {@code name="value"}, {@code name=~"re"}, {@code !=}, {@code
   * !~}.
   */
  private static final Pattern MATCHER =
      Pattern.compile(
          "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\"\\s]*))\\s*");

  private static final Set<String> ROUTE_KEYS =
      Set.of(
          "receiver",
          "matchers",
          "group-by",
          "group-wait",
          "group-interval",
          "repeat-interval",
          "continue",
          "routes");

  private final VigilConfigFile parser;
  private final String file;

  RulesConfigReader(VigilConfigFile parser, String file) {
    this.parser = parser;
    this.file = file;
  }

  AlertingConfig read(Node node, AlertingConfig d) throws ConfigException {
    Map<String, Node> r =
        parser.mapping(
            node,
            "rules",
            Set.of(
                "dir",
                "interval",
                "webhooks",
                "alertmanager",
                "group-by",
                "group-wait",
                "group-interval",
                "repeat-interval",
                "route",
                "inhibit-rules",
                "external-url"));
    Path dir =
        r.containsKey("dir") ? Path.of(parser.string(r.get("dir"), "rules.dir")) : d.rulesDir();
    Duration interval =
        r.containsKey("interval")
            ? parser.duration(r.get("interval"), "rules.interval")
            : d.interval();
    String external =
        r.containsKey("external-url")
            ? parser.string(r.get("external-url"), "rules.external-url")
            : d.externalUrl();
    URI alertmanager =
        r.containsKey("alertmanager")
            ? parser.uri(r.get("alertmanager"), "rules.alertmanager")
            : d.alertmanager();
    GroupTiming t = d.timing();
    GroupTiming timing =
        new GroupTiming(
            r.containsKey("group-by") ? names(r.get("group-by"), "rules.group-by") : t.groupBy(),
            optDuration(r, "group-wait", "rules", t.groupWait()),
            optDuration(r, "group-interval", "rules", t.groupInterval()),
            optDuration(r, "repeat-interval", "rules", t.repeatInterval()));
    List<AlertingConfig.Webhook> hooks = new ArrayList<>(d.webhooks());
    if (r.containsKey("webhooks")) {
      hooks = webhooks(r.get("webhooks"));
    }
    Route route = d.route();
    if (r.containsKey("route")) {
      route = route(r.get("route"), "rules.route", true);
      Set<String> known = new HashSet<>();
      hooks.forEach(h -> known.add(h.name()));
      for (String receiver : route.receivers()) {
        if (!known.contains(receiver)) {
          throw new ConfigException(
              file
                  + ": line "
                  + VigilConfigFile.line(r.get("route"))
                  + ": rules.route: receiver '"
                  + receiver
                  + "' is not one of rules.webhooks ("
                  + String.join(", ", known.stream().sorted().toList())
                  + ")");
        }
      }
    }
    List<InhibitRule> inhibit = d.inhibitRules();
    if (r.containsKey("inhibit-rules")) {
      inhibit = inhibitRules(r.get("inhibit-rules"));
    }
    return new AlertingConfig(dir, interval, hooks, alertmanager, timing, route, inhibit, external);
  }

  private Duration optDuration(Map<String, Node> m, String key, String where, Duration d)
      throws ConfigException {
    return m.containsKey(key) ? parser.duration(m.get(key), where + "." + key) : d;
  }

  private List<Node> list(Node node, String key, String what) throws ConfigException {
    if (!(node instanceof SequenceNode seq)) {
      throw new ConfigException(
          file
              + ": line "
              + VigilConfigFile.line(node)
              + ": "
              + key
              + " must be a list of "
              + what);
    }
    return seq.getValue();
  }

  private List<String> names(Node node, String key) throws ConfigException {
    List<String> names = new ArrayList<>();
    for (Node n : list(node, key, "label names")) {
      names.add(parser.string(n, key + "[]"));
    }
    return names;
  }

  private List<AlertingConfig.Webhook> webhooks(Node node) throws ConfigException {
    List<AlertingConfig.Webhook> hooks = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int i = 0;
    for (Node n : list(node, "rules.webhooks", "{name, url}")) {
      String where = "rules.webhooks[" + i++ + "]";
      Map<String, Node> w = parser.mapping(n, where, Set.of("name", "url"));
      if (!w.containsKey("url")) {
        throw new ConfigException(
            file + ": line " + VigilConfigFile.line(n) + ": " + where + " needs 'url'");
      }
      String name =
          w.containsKey("name") ? parser.string(w.get("name"), where + ".name") : "webhook-" + i;
      if (!seen.add(name)) {
        throw new ConfigException(
            file
                + ": line "
                + VigilConfigFile.line(n)
                + ": "
                + where
                + ".name: '"
                + name
                + "' is used by an earlier webhook; routes name receivers, so names must differ");
      }
      hooks.add(new AlertingConfig.Webhook(name, parser.uri(w.get("url"), where + ".url")));
    }
    return hooks;
  }

  private Route route(Node node, String where, boolean root) throws ConfigException {
    Map<String, Node> m = parser.mapping(node, where, ROUTE_KEYS);
    if (root && (m.containsKey("matchers") || m.containsKey("continue"))) {
      throw new ConfigException(
          file
              + ": line "
              + VigilConfigFile.line(node)
              + ": "
              + where
              + ": the root route matches every alert; 'matchers' and 'continue' belong to"
              + " its routes");
    }
    List<SilenceMatcher> matchers =
        m.containsKey("matchers") ? matchers(m.get("matchers"), where + ".matchers") : List.of();
    boolean cont = false;
    if (m.containsKey("continue")) {
      String v = parser.string(m.get("continue"), where + ".continue");
      if (!v.equals("true") && !v.equals("false")) {
        throw new ConfigException(
            file
                + ": line "
                + VigilConfigFile.line(m.get("continue"))
                + ": "
                + where
                + ".continue must be true or false, got '"
                + v
                + "'");
      }
      cont = v.equals("true");
    }
    List<Route> children = new ArrayList<>();
    if (m.containsKey("routes")) {
      int i = 0;
      for (Node n : list(m.get("routes"), where + ".routes", "routes")) {
        children.add(route(n, where + ".routes[" + i++ + "]", false));
      }
    }
    return new Route(
        matchers,
        m.containsKey("receiver") ? parser.string(m.get("receiver"), where + ".receiver") : null,
        m.containsKey("group-by") ? names(m.get("group-by"), where + ".group-by") : null,
        m.containsKey("group-wait")
            ? parser.duration(m.get("group-wait"), where + ".group-wait")
            : null,
        m.containsKey("group-interval")
            ? parser.duration(m.get("group-interval"), where + ".group-interval")
            : null,
        m.containsKey("repeat-interval")
            ? parser.duration(m.get("repeat-interval"), where + ".repeat-interval")
            : null,
        cont,
        children);
  }

  private List<InhibitRule> inhibitRules(Node node) throws ConfigException {
    List<InhibitRule> rules = new ArrayList<>();
    int i = 0;
    for (Node n : list(node, "rules.inhibit-rules", "{source-matchers, target-matchers, equal}")) {
      String where = "rules.inhibit-rules[" + i++ + "]";
      Map<String, Node> m =
          parser.mapping(n, where, Set.of("source-matchers", "target-matchers", "equal"));
      if (!m.containsKey("source-matchers") || !m.containsKey("target-matchers")) {
        throw new ConfigException(
            file
                + ": line "
                + VigilConfigFile.line(n)
                + ": "
                + where
                + " needs 'source-matchers' and 'target-matchers'");
      }
      rules.add(
          new InhibitRule(
              matchers(m.get("source-matchers"), where + ".source-matchers"),
              matchers(m.get("target-matchers"), where + ".target-matchers"),
              m.containsKey("equal") ? names(m.get("equal"), where + ".equal") : List.of()));
    }
    return rules;
  }

  private List<SilenceMatcher> matchers(Node node, String key) throws ConfigException {
    List<SilenceMatcher> out = new ArrayList<>();
    int i = 0;
    for (Node n : list(node, key, "matchers such as 'severity=\"page\"'")) {
      String where = key + "[" + i++ + "]";
      String text = parser.string(n, where);
      Matcher mt = MATCHER.matcher(text);
      if (!mt.matches()) {
        throw new ConfigException(
            file
                + ": line "
                + VigilConfigFile.line(n)
                + ": "
                + where
                + ": '"
                + text
                + "' is not a matcher; write name=\"value\", name!=\"value\", name=~\"regex\" or"
                + " name!~\"regex\"");
      }
      String op = mt.group(2);
      String value = mt.group(3) != null ? mt.group(3).replaceAll("\\\\(.)", "$1") : mt.group(4);
      SilenceMatcher sm =
          new SilenceMatcher(mt.group(1), value, op.contains("~"), !op.startsWith("!"));
      try {
        sm.toLabelMatcher();
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            file + ": line " + VigilConfigFile.line(n) + ": " + where + ": " + e.getMessage());
      }
      out.add(sm);
    }
    return out;
  }
}
