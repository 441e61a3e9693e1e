package dev.vigil.alert.eval;

import dev.vigil.model.series.Labels;

/**
 * What alert templates may read besides the alert's own labels and value: Prometheus' {@code
 * $externalURL} ({@code .ExternalURL}) and {@code $externalLabels} ({@code .ExternalLabels}). The
 * server sets its external URL; {@code promtool test rules} files set both per test group.
 *
 * @param externalUrl empty when not set, as Prometheus renders it then
 */
public record TemplateContext(String externalUrl, Labels externalLabels) {
  public static final TemplateContext NONE = new TemplateContext("", Labels.EMPTY);

  public TemplateContext {
    externalUrl = externalUrl == null ? "" : externalUrl;
    externalLabels = externalLabels == null ? Labels.EMPTY : externalLabels;
  }
}
