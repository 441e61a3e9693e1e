package dev.vigil.alert.eval;

import dev.vigil.alert.template.GoTemplate;
import dev.vigil.alert.template.TemplateException;
import dev.vigil.model.series.Labels;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Expands alert labels and annotations as Prometheus does: each is a Go {@code text/template}
 * ({@link GoTemplate}) over the alert's labels, value, the external labels and URL. A template that
 * fails expands to {@code <error expanding template: ...>}, Prometheus' text, and the alert still
 * fires: a broken summary must not hide a page.
 *
 * <p>Every active alert's templates are expanded at every evaluation, so templates are parsed once
 * and kept by their text; text without an action is returned as it is.
 */
final class Templates {
  /** Far above the distinct templates of a rule directory; a reload with new text refills it. */
  private static final int CACHE_LIMIT = 10_000;

  private static final ConcurrentHashMap<String, Object> PARSED = new ConcurrentHashMap<>();

  private Templates() {}

  static String expand(String template, Labels labels, double value) {
    return expand(template, labels, value, TemplateContext.NONE);
  }

  /** As {@link #expand(String, String, Labels, double, TemplateContext, Instant)} now. */
  static String expand(String template, Labels labels, double value, TemplateContext context) {
    return expand("", template, labels, value, context, Instant.now());
  }

  /**
   * Expands {@code template} for one alert of {@code alertName} evaluated at {@code time} (what
   * {@code now} returns and {@code query} runs at).
   */
  static String expand(
      String alertName,
      String template,
      Labels labels,
      double value,
      TemplateContext context,
      Instant time) {
    if (!template.contains("{{")) {
      return template;
    }
    String name = "__alert_" + alertName;
    Object parsed = parsed(template);
    if (parsed instanceof TemplateException e) {
      return "<error expanding template: error parsing template "
          + name
          + ": template: "
          + name
          + ":"
          + e.line()
          + ": "
          + e.detail()
          + ">";
    }
    try {
      return ((GoTemplate) parsed)
          .expand(
              name,
              new GoTemplate.Data(
                  labels.toMap(),
                  context.externalLabels().toMap(),
                  context.externalUrl(),
                  value,
                  time,
                  context.query()));
    } catch (TemplateException e) {
      return "<error expanding template: error executing template "
          + name
          + ": "
          + e.getMessage()
          + ">";
    }
  }

  /** The parsed template, or why it does not parse. */
  private static Object parsed(String template) {
    Object p = PARSED.get(template);
    if (p != null) {
      return p;
    }
    try {
      p = GoTemplate.parse("", template);
    } catch (TemplateException e) {
      p = e;
    }
    if (PARSED.size() >= CACHE_LIMIT) {
      PARSED.clear();
    }
    PARSED.put(template, p);
    return p;
  }
}
