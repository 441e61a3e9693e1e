package dev.vigil.alert.eval;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import java.time.Instant;
import java.util.Map;

/**
 * One alert instance as the APIs and notifiers see it: immutable; a state change makes a new one.
 *
 * @param labels the alert's identity: the series' labels, the rule's labels and {@code alertname}
 * @param activeAt when the condition first held (start of pending)
 * @param firedAt when it started firing, or null
 * @param resolvedAt when it resolved, or null
 * @param value the expression's value at the last evaluation
 * @param generatorUrl where to look at it (the rule's expression in the UI)
 */
public record Alert(
    Tenant tenant,
    String group,
    String rule,
    Labels labels,
    Map<String, String> annotations,
    AlertState state,
    Instant activeAt,
    Instant firedAt,
    Instant resolvedAt,
    double value,
    String generatorUrl) {

  /**
   * The annotations as notifications carry them: for an SLO's alert (one with {@code sloth_id}),
   * {@code dashboard_url} links to the SLO's page in Vigil's dashboard ({@code
   * <externalUrl>/#/slo/<id>}: the dashboard routes after the {@code #}), unless the rule set one;
   * {@code runbook_url} stays as the rule wrote it.
   */
  public Map<String, String> annotationsWithLinks(String externalUrl) {
    String slo = labels.get("sloth_id");
    if (slo.isEmpty() || annotations.containsKey("dashboard_url")) {
      return annotations;
    }
    Map<String, String> out = new java.util.TreeMap<>(annotations);
    out.put(
        "dashboard_url",
        externalUrl
            + "/#/slo/"
            + java.net.URLEncoder.encode(slo, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20"));
    return out;
  }

  /** Alertmanager's fingerprint: a stable hex hash of the label set. */
  public String fingerprint() {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < labels.size(); i++) {
      for (char c : (labels.name(i) + "\u00ff" + labels.value(i) + "\u00ff").toCharArray()) {
        h ^= c;
        h *= 0x100000001b3L;
      }
    }
    return String.format("%016x", h);
  }
}
