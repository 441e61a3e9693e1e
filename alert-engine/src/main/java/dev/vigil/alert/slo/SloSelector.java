package dev.vigil.alert.slo;

import dev.vigil.promql.ast.DurationSyntax;
import dev.vigil.promql.ast.GoQuote;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** The identifying labels of one SLO's generated series, and the selectors that pick them. */
final class SloSelector {
  static final String SLI_ERROR = "slo:sli_error:ratio_rate";

  private final Slo slo;
  private final String matchers;

  SloSelector(Slo slo) {
    this.slo = slo;
    this.matchers =
        "{sloth_id="
            + GoQuote.quote(slo.id())
            + ", sloth_service="
            + GoQuote.quote(slo.service())
            + ", sloth_slo="
            + GoQuote.quote(slo.name())
            + "}";
  }

  /** {@code metric{sloth_id="...", sloth_service="...", sloth_slo="..."}}. */
  String select(String metric) {
    return metric + matchers;
  }

  /** The SLI error-ratio series of {@code window}: {@code slo:sli_error:ratio_rate5m}. */
  static String sliMetric(Duration window) {
    return SLI_ERROR + DurationSyntax.format(window);
  }

  /** Extra labels, then the SLO's labels, then the {@code sloth_*} identity, later ones winning. */
  TreeMap<String, String> labels(Map<String, String> extraLabels) {
    TreeMap<String, String> labels = new TreeMap<>(extraLabels);
    labels.putAll(slo.labels());
    labels.put("sloth_id", slo.id());
    labels.put("sloth_service", slo.service());
    labels.put("sloth_slo", slo.name());
    return labels;
  }
}
