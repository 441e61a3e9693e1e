package dev.vigil.server.alerting;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * @param rulesDir directory of rule files (Sloth, OpenSLO, Prometheus), watched for changes
 * @param interval evaluation interval of groups that set none
 * @param webhooks receivers of Alertmanager-format webhook notifications
 * @param alertmanager an Alertmanager to push alerts to (its v2 API), or null
 * @param groupBy labels notifications are grouped by
 * @param repeatInterval how often a still-firing group is sent again
 * @param externalUrl Vigil's URL as people reach it, for links in notifications
 */
public record AlertingConfig(
    Path rulesDir,
    Duration interval,
    List<Webhook> webhooks,
    URI alertmanager,
    List<String> groupBy,
    Duration repeatInterval,
    String externalUrl) {

  /** A named webhook receiver. */
  public record Webhook(String name, URI url) {}

  public AlertingConfig {
    webhooks = List.copyOf(webhooks);
    groupBy = List.copyOf(groupBy);
  }

  public static AlertingConfig defaults() {
    return new AlertingConfig(
        Path.of("rules"),
        Duration.ofSeconds(30),
        List.of(),
        null,
        List.of("alertname", "sloth_id"),
        Duration.ofHours(4),
        "http://localhost:8080");
  }

  public AlertingConfig withRulesDir(Path dir) {
    return new AlertingConfig(
        dir, interval, webhooks, alertmanager, groupBy, repeatInterval, externalUrl);
  }

  public AlertingConfig withWebhooks(List<Webhook> hooks) {
    return new AlertingConfig(
        rulesDir, interval, hooks, alertmanager, groupBy, repeatInterval, externalUrl);
  }

  public AlertingConfig withInterval(Duration d) {
    return new AlertingConfig(
        rulesDir, d, webhooks, alertmanager, groupBy, repeatInterval, externalUrl);
  }

  public AlertingConfig withAlertmanager(URI url) {
    return new AlertingConfig(
        rulesDir, interval, webhooks, url, groupBy, repeatInterval, externalUrl);
  }
}
