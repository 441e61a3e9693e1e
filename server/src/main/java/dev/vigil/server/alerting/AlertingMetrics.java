package dev.vigil.server.alerting;

import dev.vigil.alert.eval.WebhookNotifier;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Rule reloads, rule evaluation and notification delivery on /metrics, read when scraped. Per
 * receiver (webhook name, or {@code alertmanager}) notifications delivered, attempts retried, and
 * notifications given up on after every retry — the figure to alert on, since a page that never
 * arrived is otherwise silent.
 */
public final class AlertingMetrics {
  private AlertingMetrics() {}

  public static void register(PrometheusRegistry registry, AlertingService alerting) {
    // What the rules cost and whether they keep up: a group finishing more than a second after
    // its tick is late (the evaluator then runs its missed ticks back to back).
    CounterWithCallback.builder()
        .name("vigil_rule_group_evaluations_total")
        .help("Rule group evaluations.")
        .callback(cb -> cb.call(alerting.evaluator().evaluationCounts()[0]))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_rule_group_evaluations_late_total")
        .help("Rule group evaluations that finished more than 1 s after their tick.")
        .callback(cb -> cb.call(alerting.evaluator().evaluationCounts()[1]))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_rule_group_evaluation_seconds_total")
        .help("Wall time spent evaluating rule groups.")
        .callback(cb -> cb.call(alerting.evaluator().evaluationCounts()[2] / 1e9))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_rule_group_evaluation_cpu_seconds_total")
        .help("CPU time of the threads evaluating rule groups, while they did.")
        .callback(cb -> cb.call(alerting.evaluator().evaluationCounts()[3] / 1e9))
        .register(registry);
    // Whether the rules directory loaded cleanly: a rejected file keeps its previous version
    // running, which nothing else on /metrics shows.
    GaugeWithCallback.builder()
        .name("vigil_rules_last_reload_successful")
        .help("1 when the last reload of the rules directory loaded every file without a problem.")
        .callback(cb -> cb.call(alerting.reloadStatus().successful() ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_rules_last_reload_success_timestamp_seconds")
        .help("When the rules directory last loaded without a problem (Unix time).")
        .callback(cb -> cb.call(alerting.reloadStatus().lastSuccessSeconds()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_rule_files_rejected")
        .help("Rule files the last reload rejected; each runs its previous valid version, if any.")
        .callback(cb -> cb.call(alerting.reloadStatus().rejectedFiles()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_rules_reloads_total")
        .help("Reloads of the rules directory (at start, on change, SIGHUP and POST /-/reload).")
        .callback(cb -> cb.call(alerting.reloadStatus().reloads()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_rules_reload_failures_total")
        .help("Reloads of the rules directory that found a problem in at least one file.")
        .callback(cb -> cb.call(alerting.reloadStatus().failed()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_alert_notifications_total")
        .help("Notifications a receiver accepted.")
        .labelNames("receiver")
        .callback(cb -> each(alerting, 0, cb))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_alert_notification_retries_total")
        .help("Delivery attempts that failed and were retried with backoff.")
        .labelNames("receiver")
        .callback(cb -> each(alerting, 1, cb))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_alert_notifications_failed_total")
        .help("Notifications given up on after every retry.")
        .labelNames("receiver")
        .callback(cb -> each(alerting, 2, cb))
        .register(registry);
  }

  private static void each(AlertingService alerting, int which, CounterWithCallback.Callback cb) {
    java.util.Map<String, Long> byReceiver = new java.util.TreeMap<>();
    for (WebhookNotifier w : alerting.webhooks()) {
      long v =
          switch (which) {
            case 0 -> w.delivered();
            case 1 -> w.retried();
            default -> w.failed();
          };
      byReceiver.merge(w.receiver(), v, Long::sum);
    }
    long[] am = alerting.alertmanagerCounts();
    if (am != null) {
      byReceiver.put("alertmanager", am[which]);
    }
    byReceiver.forEach((receiver, v) -> cb.call(v, receiver));
  }
}
