package dev.vigil.alert.template;

import dev.vigil.alert.InstantVector;
import dev.vigil.alert.QueryException;
import dev.vigil.promql.ast.DurationSyntax;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The functions Prometheus adds for alert templates, as its documentation describes them. */
final class PrometheusFunctions {
  private PrometheusFunctions() {}

  static List<GoFunction> all() {
    return List.of(
        new GoFunction("query", 1, 1, (env, a) -> query(env, GoFunction.string(a, 0))),
        new GoFunction(
            "first",
            1,
            1,
            (env, a) -> {
              List<GoValues.Sample> v = GoFunction.samples(a, 0);
              if (v.isEmpty()) {
                throw new GoValues.FunctionError("first() called on vector with no elements");
              }
              return v.get(0);
            }),
        new GoFunction(
            "label",
            2,
            2,
            (env, a) -> GoFunction.sample(a, 1).labels().getOrDefault(GoFunction.string(a, 0), "")),
        new GoFunction("value", 1, 1, (env, a) -> GoFunction.sample(a, 0).value()),
        new GoFunction(
            "strvalue",
            1,
            1,
            (env, a) -> GoFunction.sample(a, 0).labels().getOrDefault("__value__", "")),
        new GoFunction(
            "args",
            0,
            -1,
            (env, a) -> {
              GoValues.ArgsMap m = new GoValues.ArgsMap();
              for (int i = 0; i < a.size(); i++) {
                m.put("arg" + i, a.get(i));
              }
              return m;
            }),
        new GoFunction(
            "reReplaceAll",
            3,
            3,
            (env, a) ->
                replaceAll(
                    GoFunction.string(a, 0), GoFunction.string(a, 1), GoFunction.string(a, 2))),
        new GoFunction("safeHtml", 1, 1, (env, a) -> GoFunction.string(a, 0)),
        new GoFunction(
            "match",
            2,
            2,
            (env, a) -> regex(GoFunction.string(a, 0)).matcher(GoFunction.string(a, 1)).find()),
        new GoFunction("title", 1, 1, (env, a) -> title(GoFunction.string(a, 0))),
        new GoFunction(
            "toUpper", 1, 1, (env, a) -> GoFunction.string(a, 0).toUpperCase(Locale.ROOT)),
        new GoFunction(
            "toLower", 1, 1, (env, a) -> GoFunction.string(a, 0).toLowerCase(Locale.ROOT)),
        new GoFunction("graphLink", 1, 1, (env, a) -> link(GoFunction.string(a, 0), 0)),
        new GoFunction("tableLink", 1, 1, (env, a) -> link(GoFunction.string(a, 0), 1)),
        new GoFunction(
            "sortByLabel",
            2,
            2,
            (env, a) -> {
              String label = GoFunction.string(a, 0);
              List<GoValues.Sample> sorted = new ArrayList<>(GoFunction.samples(a, 1));
              sorted.sort(Comparator.comparing(s -> s.labels().getOrDefault(label, "")));
              return sorted;
            }),
        new GoFunction("humanize", 1, 1, (env, a) -> Humanize.number(Humanize.toFloat(a.get(0)))),
        new GoFunction(
            "humanize1024", 1, 1, (env, a) -> Humanize.binary(Humanize.toFloat(a.get(0)))),
        new GoFunction(
            "humanizeDuration", 1, 1, (env, a) -> Humanize.duration(Humanize.toFloat(a.get(0)))),
        new GoFunction(
            "humanizePercentage",
            1,
            1,
            (env, a) -> Humanize.percentage(Humanize.toFloat(a.get(0)))),
        new GoFunction(
            "humanizeTimestamp", 1, 1, (env, a) -> Humanize.timestamp(Humanize.toFloat(a.get(0)))),
        new GoFunction("toTime", 1, 1, (env, a) -> Humanize.time(Humanize.toFloat(a.get(0)))),
        new GoFunction(
            "toDuration",
            1,
            1,
            (env, a) -> {
              double v = Humanize.toFloat(a.get(0));
              if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new GoValues.FunctionError(
                    GoFormat.value(v) + " cannot be represented as a duration");
              }
              return new GoValues.Duration((long) (v * 1e9));
            }),
        new GoFunction("now", 0, 0, (env, a) -> env.time().toEpochMilli() / 1000.0),
        new GoFunction("pathPrefix", 0, 0, (env, a) -> path(env.externalUrl())),
        new GoFunction("externalURL", 0, 0, (env, a) -> env.externalUrl()),
        new GoFunction("parseDuration", 1, 1, (env, a) -> parseDuration(GoFunction.string(a, 0))),
        new GoFunction("stripPort", 1, 1, (env, a) -> stripPort(GoFunction.string(a, 0))),
        new GoFunction("stripDomain", 1, 1, (env, a) -> stripDomain(GoFunction.string(a, 0))),
        new GoFunction(
            "urlQueryEscape", 1, 1, (env, a) -> GoBuiltins.queryEscape(GoFunction.string(a, 0))));
  }

  private static List<GoValues.Sample> query(GoFunction.Env env, String expr)
      throws GoValues.FunctionError {
    if (env.query() == null) {
      throw new GoValues.FunctionError(
          "query is not available here: no PromQL engine is configured for alert templates");
    }
    try {
      List<GoValues.Sample> out = new ArrayList<>();
      for (InstantVector.Sample s : env.query().query(expr, env.time())) {
        out.add(new GoValues.Sample(s.labels().toMap(), s.value()));
      }
      return out;
    } catch (QueryException e) {
      throw new GoValues.FunctionError(e.getMessage());
    }
  }

  /**
   * Compiled patterns by their text: {@code match} and {@code reReplaceAll} run for every active
   * alert at every evaluation, with the same few patterns. Bounded; cleared when full.
   */
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private static final int PATTERN_LIMIT = 1_000;

  private static Pattern regex(String pattern) throws GoValues.FunctionError {
    Pattern kept = PATTERNS.get(pattern);
    if (kept != null) {
      return kept;
    }
    try {
      Pattern p = Pattern.compile(pattern);
      if (PATTERNS.size() >= PATTERN_LIMIT) {
        PATTERNS.clear();
      }
      PATTERNS.put(pattern, p);
      return p;
    } catch (PatternSyntaxException e) {
      throw new GoValues.FunctionError(
          "error parsing regexp: " + e.getDescription() + ": `" + pattern + "`");
    }
  }

  /** Go's {@code Regexp.ReplaceAllString}: {@code $1}, {@code ${name}}, {@code $$} in repl. */
  static String replaceAll(String pattern, String repl, String text) throws GoValues.FunctionError {
    Matcher m = regex(pattern).matcher(text);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      out.append(text, last, m.start());
      expand(out, repl, m);
      last = m.end();
    }
    return out.append(text, last, text.length()).toString();
  }

  private static void expand(StringBuilder out, String repl, Matcher m) {
    int i = 0;
    while (i < repl.length()) {
      char c = repl.charAt(i);
      if (c != '$' || i + 1 >= repl.length()) {
        out.append(c);
        i++;
        continue;
      }
      if (repl.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      String name;
      int end;
      if (repl.charAt(i + 1) == '{') {
        end = repl.indexOf('}', i + 2);
        if (end < 0) {
          out.append(c);
          i++;
          continue;
        }
        name = repl.substring(i + 2, end);
        end++;
      } else {
        end = i + 1;
        while (end < repl.length()
            && (Character.isLetterOrDigit(repl.charAt(end)) || repl.charAt(end) == '_')) {
          end++;
        }
        name = repl.substring(i + 1, end);
      }
      if (name.isEmpty()) {
        out.append(c);
        i++;
        continue;
      }
      out.append(group(m, name));
      i = end;
    }
  }

  private static String group(Matcher m, String name) {
    try {
      String g =
          name.chars().allMatch(Character::isDigit)
              ? m.group(Integer.parseInt(name))
              : m.group(name);
      return g == null ? "" : g;
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return ""; // Go expands an unknown group to nothing
    }
  }

  /** Go's {@code strings.Title}: upper-cases the first letter after a separator. */
  static String title(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int prev = ' ';
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      out.appendCodePoint(separator(prev) ? Character.toTitleCase(cp) : cp);
      prev = cp;
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  private static boolean separator(int cp) {
    if (cp <= 0x7F) {
      return !(Character.isLetterOrDigit(cp) || cp == '_');
    }
    return Character.isSpaceChar(cp) || Character.isWhitespace(cp);
  }

  private static String link(String expr, int tab) {
    return "/graph?g0.expr=" + GoBuiltins.queryEscape(expr) + "&g0.tab=" + tab;
  }

  private static String path(String url) {
    try {
      String p = URI.create(url).getRawPath();
      return p == null ? "" : p;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** Prometheus' duration syntax ({@code 1h30m}, {@code 5m}, {@code 1w}) in seconds. */
  static double parseDuration(String s) throws GoValues.FunctionError {
    try {
      return DurationSyntax.parse(s).toMillis() / 1000.0;
    } catch (IllegalArgumentException e) {
      throw new GoValues.FunctionError(e.getMessage());
    }
  }

  private static String[] splitHostPort(String hostPort) {
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf("]:");
      return close < 0
          ? null
          : new String[] {hostPort.substring(1, close), hostPort.substring(close + 2)};
    }
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0 || hostPort.indexOf(':') != colon) {
      return null;
    }
    return new String[] {hostPort.substring(0, colon), hostPort.substring(colon + 1)};
  }

  static String stripPort(String hostPort) {
    String[] hp = splitHostPort(hostPort);
    return hp == null ? hostPort : hp[0];
  }

  static String stripDomain(String hostPort) {
    String[] hp = splitHostPort(hostPort);
    String host = hp == null ? hostPort : hp[0];
    if (host.contains(":") || host.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
      return hostPort;
    }
    int dot = host.indexOf('.');
    if (dot >= 0) {
      host = host.substring(0, dot);
    }
    if (hp == null) {
      return host;
    }
    return host + ":" + hp[1];
  }
}
