package dev.vigil.server.alerting;

import dev.vigil.alert.eval.GroupTiming;
import dev.vigil.alert.notify.InhibitRule;
import dev.vigil.alert.notify.Route;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * @param rulesDir directory of rule files (Sloth, OpenSLO, Prometheus), watched for changes
 * @param interval evaluation interval of groups that set none
 * @param webhooks receivers of Alertmanager-format webhook notifications
 * @param alertmanager an Alertmanager to push alerts to (its v2 API), or null
 * @param timing grouping and batching of routes that set none ({@code group-by}, {@code
 *     group-wait}, {@code group-interval}, {@code repeat-interval})
 * @param route the route tree over the webhooks, or null: then every webhook gets every alert
 * @param inhibitRules alerts holding back others; by default a page holds back its SLO's ticket
 * @param externalUrl Vigil's URL as people reach it, for links in notifications
 */
public record AlertingConfig(
    Path rulesDir,
    Duration interval,
    List<Webhook> webhooks,
    URI alertmanager,
    GroupTiming timing,
    Route route,
    List<InhibitRule> inhibitRules,
    String externalUrl) {

  /** A named webhook receiver. */
  public record Webhook(String name, URI url) {}

  public AlertingConfig {
    webhooks = List.copyOf(webhooks);
    inhibitRules = List.copyOf(inhibitRules);
  }

  /**
   * Vigil's defaults: no batching wait (a page goes out at the evaluation that fires it), a 4 h
   * repeat, grouping by alert and SLO.
   */
  public static final GroupTiming DEFAULT_TIMING =
      new GroupTiming(
          List.of("alertname", "sloth_id"), Duration.ZERO, Duration.ZERO, Duration.ofHours(4));

  public static AlertingConfig defaults() {
    return new AlertingConfig(
        Path.of("rules"),
        Duration.ofSeconds(30),
        List.of(),
        null,
        DEFAULT_TIMING,
        null,
        List.of(InhibitRule.TICKET_BY_PAGE),
        "http://localhost:8080");
  }

  public List<String> groupBy() {
    return timing.groupBy();
  }

  public Duration repeatInterval() {
    return timing.repeatInterval();
  }

  public AlertingConfig withRulesDir(Path dir) {
    return new AlertingConfig(
        dir, interval, webhooks, alertmanager, timing, route, inhibitRules, externalUrl);
  }

  public AlertingConfig withWebhooks(List<Webhook> hooks) {
    return new AlertingConfig(
        rulesDir, interval, hooks, alertmanager, timing, route, inhibitRules, externalUrl);
  }

  public AlertingConfig withInterval(Duration d) {
    return new AlertingConfig(
        rulesDir, d, webhooks, alertmanager, timing, route, inhibitRules, externalUrl);
  }

  public AlertingConfig withAlertmanager(URI url) {
    return new AlertingConfig(
        rulesDir, interval, webhooks, url, timing, route, inhibitRules, externalUrl);
  }

  public AlertingConfig withTiming(GroupTiming t) {
    return new AlertingConfig(
        rulesDir, interval, webhooks, alertmanager, t, route, inhibitRules, externalUrl);
  }

  public AlertingConfig withRoute(Route r) {
    return new AlertingConfig(
        rulesDir, interval, webhooks, alertmanager, timing, r, inhibitRules, externalUrl);
  }

  public AlertingConfig withInhibitRules(List<InhibitRule> rules) {
    return new AlertingConfig(
        rulesDir, interval, webhooks, alertmanager, timing, route, rules, externalUrl);
  }
}
