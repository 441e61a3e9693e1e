package dev.vigil.alert.eval;

import dev.vigil.alert.template.TemplateQuery;
import dev.vigil.model.series.Labels;

/**
 * What alert templates may read besides the alert's own labels and value: Prometheus' {@code
 * $externalURL} ({@code .ExternalURL}), {@code $externalLabels} ({@code .ExternalLabels}) and the
 * PromQL engine their {@code query} function runs on. The server sets its external URL and query
 * engine; {@code promtool test rules} files set the URL and labels per test group.
 *
 * @param externalUrl empty when not set, as Prometheus renders it then
 * @param query null when templates cannot query: {@code query} then expands to an error naming that
 */
public record TemplateContext(String externalUrl, Labels externalLabels, TemplateQuery query) {
  public static final TemplateContext NONE = new TemplateContext("", Labels.EMPTY);

  public TemplateContext {
    externalUrl = externalUrl == null ? "" : externalUrl;
    externalLabels = externalLabels == null ? Labels.EMPTY : externalLabels;
  }

  public TemplateContext(String externalUrl, Labels externalLabels) {
    this(externalUrl, externalLabels, null);
  }

  /** This context with {@code query} as the engine of templates' {@code query} function. */
  public TemplateContext withQuery(TemplateQuery query) {
    return new TemplateContext(externalUrl, externalLabels, query);
  }
}
