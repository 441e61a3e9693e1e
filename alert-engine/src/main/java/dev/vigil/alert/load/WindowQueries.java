package dev.vigil.alert.load;

import dev.vigil.alert.QueryLanguage;
import dev.vigil.alert.slo.Sli;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SLI queries with Sloth's {@code {{.window}}} placeholder. The placeholder is required: without it
 * every alert window would measure the same range and the short/long window pairs would mean
 * nothing (Sloth refuses such queries too).
 */
final class WindowQueries {
  /** The window the parser sees in place of the placeholder. */
  static final String CHECK_WINDOW = "5m";

  private static final Pattern ANY_ACTION = Pattern.compile("\\{\\{.*?}}", Pattern.DOTALL);

  private WindowQueries() {}

  static Optional<String> required(YamlMap m, String key) {
    return required(m, key, QueryLanguage.PROMQL);
  }

  static Optional<String> required(YamlMap m, String key, QueryLanguage language) {
    Optional<String> q = m.requiredString(key);
    if (q.isPresent() && !check(m, key, q.get(), true, language)) {
      return Optional.empty();
    }
    return q;
  }

  /** Validates a template query; {@code needsWindow} is false for gauges judged per sample. */
  static boolean check(YamlMap m, String key, String query, boolean needsWindow) {
    return check(m, key, query, needsWindow, QueryLanguage.PROMQL);
  }

  static boolean check(
      YamlMap m, String key, String query, boolean needsWindow, QueryLanguage language) {
    if (needsWindow && !Sli.WINDOW.matcher(query).find()) {
      m.problems()
          .add(
              m.nodeOr(key),
              m.field(key),
              "must use {{.window}} as the range of its rate"
                  + " or _over_time functions, e.g. "
                  + (language == QueryLanguage.LOGQL
                      ? "count_over_time({service_name=\"x\"}[{{.window}}])"
                      : "rate(x[{{.window}}])")
                  + ", so each alert window measures its own range");
      return false;
    }
    String rendered = Sli.render(query, CHECK_WINDOW);
    if (ANY_ACTION.matcher(rendered).find()) {
      m.problems()
          .add(
              m.nodeOr(key),
              m.field(key),
              "only the {{.window}} template variable is supported in SLI queries");
      return false;
    }
    return ExprCheck.check(
        language,
        m.problems(),
        m.nodeOr(key),
        m.field(key),
        rendered,
        " (checked with {{.window}} = " + CHECK_WINDOW + ")");
  }
}
