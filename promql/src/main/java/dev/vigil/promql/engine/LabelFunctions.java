package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import dev.vigil.promql.ast.GoQuote;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * label_replace and label_join: they rewrite series labels and never look at values. Replacement
 * templates follow Go's {@code Regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name}, {@code $$};
 * a reference to a group that does not exist expands to nothing.
 */
final class LabelFunctions {
  private LabelFunctions() {}

  static void replace(List<StepSeries> series, String dst, String repl, String src, String regex) {
    Pattern pattern;
    try {
      pattern = Pattern.compile("(?s:" + regex.replace("(?P<", "(?<") + ")");
    } catch (PatternSyntaxException e) {
      throw new QueryExecutionException(
          "invalid regular expression in label_replace(): " + regex, e);
    }
    if (!LabelNames.isValid(dst)) {
      throw new QueryExecutionException(
          "invalid destination label name in label_replace(): " + dst);
    }
    Map<String, Integer> names = pattern.namedGroups();
    for (StepSeries s : series) {
      String value = s.labels.get(src);
      Matcher m = pattern.matcher(value);
      if (!m.matches()) {
        continue;
      }
      String result = expand(repl, m, names);
      s.labels = s.labels.toBuilder().set(dst, result).build();
      if (dst.equals(Labels.METRIC_NAME)) {
        s.dropName = false;
      }
    }
  }

  static void join(List<StepSeries> series, String dst, String sep, List<String> srcs) {
    for (String src : srcs) {
      if (!LabelNames.isValid(src)) {
        throw new QueryExecutionException("invalid source label name in label_join(): " + src);
      }
    }
    if (!LabelNames.isValid(dst)) {
      throw new QueryExecutionException("invalid destination label name in label_join(): " + dst);
    }
    for (StepSeries s : series) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < srcs.size(); i++) {
        if (i > 0) {
          sb.append(sep);
        }
        sb.append(s.labels.get(srcs.get(i)));
      }
      s.labels = s.labels.toBuilder().set(dst, sb.toString()).build();
      if (dst.equals(Labels.METRIC_NAME)) {
        s.dropName = false;
      }
    }
  }

  /** Go's template expansion against a successful match. */
  static String expand(String template, Matcher m, Map<String, Integer> names) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int dollar = template.indexOf('$', i);
      if (dollar < 0) {
        out.append(template, i, template.length());
        break;
      }
      out.append(template, i, dollar);
      i = dollar + 1;
      if (i < template.length() && template.charAt(i) == '$') {
        out.append('$');
        i++;
        continue;
      }
      boolean brace = i < template.length() && template.charAt(i) == '{';
      int start = brace ? i + 1 : i;
      int end = start;
      while (end < template.length()) {
        int cp = template.codePointAt(end);
        if (!Character.isLetterOrDigit(cp) && cp != '_') {
          break;
        }
        end += Character.charCount(cp);
      }
      if (end == start || (brace && (end >= template.length() || template.charAt(end) != '}'))) {
        out.append('$'); // Malformed: the dollar is literal text.
        continue;
      }
      String name = template.substring(start, end);
      i = brace ? end + 1 : end;
      int group = groupNumber(name);
      String value = null;
      if (group >= 0) {
        if (group <= m.groupCount()) {
          value = m.group(group);
        }
      } else if (names.containsKey(name)) {
        value = m.group(name);
      }
      if (value != null) {
        out.append(value);
      }
    }
    return out.toString();
  }

  private static int groupNumber(String name) {
    int num = 0;
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      if (c < '0' || c > '9' || num >= 100_000_000) {
        return -1;
      }
      num = num * 10 + (c - '0');
    }
    if (name.charAt(0) == '0' && name.length() > 1) {
      return -1;
    }
    return num;
  }

  static String quote(String s) {
    return GoQuote.quote(s);
  }
}
