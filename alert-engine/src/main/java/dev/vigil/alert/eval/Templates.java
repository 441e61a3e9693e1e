package dev.vigil.alert.eval;

import dev.vigil.model.series.Labels;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands the Go-template forms alert labels and annotations use in practice: {@code {{ $labels.x
 * }}}, {@code {{ .Labels.x }}}, {@code {{ $value }}}, {@code {{ .Value }}}, {@code {{
 * $externalLabels.x }}}, {@code {{ $externalURL }}} (and their {@code .ExternalLabels}, {@code
 * .ExternalURL} forms), with the {@code humanize}, {@code humanizePercentage} and {@code printf
 * "%.2f"} formatters. Anything else is left as written, so a template Vigil does not know shows up
 * verbatim rather than disappearing.
 */
final class Templates {
  private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}");
  private static final Pattern LABEL =
      Pattern.compile("(?:\\$labels|\\.Labels)\\.([a-zA-Z_][a-zA-Z0-9_]*)");
  private static final Pattern EXTERNAL_LABEL =
      Pattern.compile("(?:\\$externalLabels|\\.ExternalLabels)\\.([a-zA-Z_][a-zA-Z0-9_]*)");
  private static final Pattern EXTERNAL_URL = Pattern.compile("\\$externalURL|\\.ExternalURL");
  private static final Pattern VALUE = Pattern.compile("\\$value|\\.Value");

  private Templates() {}

  static String expand(String template, Labels labels, double value) {
    return expand(template, labels, value, TemplateContext.NONE);
  }

  static String expand(String template, Labels labels, double value, TemplateContext context) {
    if (!template.contains("{{")) {
      return template;
    }
    Matcher m = ACTION.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String action = m.group(1);
      String replacement = evaluate(action, labels, value, context);
      m.appendReplacement(
          out, Matcher.quoteReplacement(replacement == null ? m.group() : replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String evaluate(
      String action, Labels labels, double value, TemplateContext context) {
    String a = action.strip();
    String formatter = null;
    String[] piped = a.split("\\|");
    if (piped.length == 2) {
      a = piped[0].strip();
      formatter = piped[1].strip();
    } else if (a.startsWith("humanize ") || a.startsWith("humanizePercentage ")) {
      int space = a.indexOf(' ');
      formatter = a.substring(0, space);
      a = a.substring(space + 1).strip();
    } else if (a.startsWith("printf ")) {
      Matcher p = Pattern.compile("printf\\s+\"([^\"]*)\"\\s+(.*)").matcher(a);
      if (p.matches()) {
        String arg = evaluate(p.group(2), labels, value, context);
        if (arg == null) {
          return null;
        }
        try {
          return String.format(Locale.ROOT, p.group(1), Double.parseDouble(arg));
        } catch (RuntimeException e) {
          return String.format(Locale.ROOT, p.group(1).replaceAll("%\\.?\\d*[fgd]", "%s"), arg);
        }
      }
      return null;
    }
    String base;
    Matcher l = LABEL.matcher(a);
    Matcher x = EXTERNAL_LABEL.matcher(a);
    if (l.matches()) {
      base = labels.get(l.group(1));
    } else if (x.matches()) {
      base = context.externalLabels().get(x.group(1));
    } else if (EXTERNAL_URL.matcher(a).matches()) {
      base = context.externalUrl();
    } else if (VALUE.matcher(a).matches()) {
      base = formatValue(value);
    } else {
      return null;
    }
    if (formatter == null) {
      return base;
    }
    return switch (formatter) {
      case "humanize" -> humanize(value);
      case "humanizePercentage" ->
          String.format(Locale.ROOT, "%.4g%%", value * 100).replaceAll("\\.?0+%$", "%");
      default -> base;
    };
  }

  static String formatValue(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static String humanize(double v) {
    String[] prefixes = {"", "k", "M", "G", "T", "P"};
    double abs = Math.abs(v);
    int i = 0;
    while (abs >= 1000 && i < prefixes.length - 1) {
      v /= 1000;
      abs /= 1000;
      i++;
    }
    return String.format(Locale.ROOT, "%.4g%s", v, prefixes[i])
        .replaceAll("\\.?0+(?=[a-zA-Z]?$)", "");
  }
}
