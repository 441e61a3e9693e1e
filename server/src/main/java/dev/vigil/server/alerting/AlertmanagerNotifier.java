package dev.vigil.server.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.eval.Alert;
import dev.vigil.alert.eval.AlertNotifier;
import dev.vigil.alert.eval.AlertState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes alerts to an Alertmanager through {@code POST /api/v2/alerts}, as Prometheus does: firing
 * alerts are resent at most once a minute (Alertmanager deduplicates and owns grouping, its own
 * silences and routing from there), resolved ones once with their end time. Vigil's silences,
 * inhibition and acknowledgements apply before. Retried with backoff.
 */
final class AlertmanagerNotifier implements AlertNotifier, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertmanagerNotifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final String externalUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService sender =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("vigil-alertmanager").daemon(true).factory());

  /**
   * Prometheus' {@code --rules.alert.resend-delay}: a firing alert is pushed again at most this
   * often (Alertmanager expires alerts not refreshed within its resolve timeout, 5 m).
   */
  private static final Duration RESEND_DELAY = Duration.ofMinutes(1);

  private final Map<String, Instant> lastPushed = new java.util.HashMap<>();
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong retried = new AtomicLong();
  final AtomicLong failed = new AtomicLong();

  AlertmanagerNotifier(URI alertmanager, String externalUrl) {
    this.endpoint = alertmanager.resolve("/api/v2/alerts");
    this.externalUrl = externalUrl;
  }

  @Override
  public void notify(List<Alert> changed, List<Alert> stillFiring) {
    List<Map<String, Object>> body = new ArrayList<>();
    for (Alert a : changed) {
      if (a.state() == AlertState.RESOLVED) {
        body.add(postable(a));
      }
    }
    Instant now = Instant.now();
    synchronized (lastPushed) {
      java.util.Set<String> live = new java.util.HashSet<>();
      for (Alert a : stillFiring) {
        String key = a.tenant().id() + "/" + a.fingerprint();
        live.add(key);
        Instant last = lastPushed.get(key);
        if (last == null || !now.isBefore(last.plus(RESEND_DELAY))) {
          body.add(postable(a));
          lastPushed.put(key, now);
        }
      }
      lastPushed.keySet().retainAll(live);
    }
    if (body.isEmpty()) {
      return;
    }
    try {
      String json = JSON.writeValueAsString(body);
      sender.execute(() -> deliver(json, 1));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("BUG: alerts cannot be written as JSON", e);
    }
  }

  private Map<String, Object> postable(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("labels", a.labels().toMap());
    m.put("annotations", a.annotationsWithLinks(externalUrl));
    m.put("startsAt", (a.firedAt() != null ? a.firedAt() : a.activeAt()).toString());
    if (a.state() == AlertState.RESOLVED) {
      m.put("endsAt", a.resolvedAt().toString());
    }
    m.put("generatorURL", externalUrl + a.generatorUrl());
    return m;
  }

  private void deliver(String json, int attempt) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 == 2) {
        delivered.incrementAndGet();
        return;
      }
      retry(json, attempt, "HTTP " + r.statusCode() + ": " + r.body());
    } catch (java.io.IOException e) {
      retry(json, attempt, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void retry(String json, int attempt, String why) {
    if (attempt >= 5) {
      failed.incrementAndGet();
      log.warn("Alertmanager {}: giving up after {} attempts: {}", endpoint, attempt, why);
      return;
    }
    retried.incrementAndGet();
    sender.schedule(
        () -> deliver(json, attempt + 1), Math.min(30_000, 500L << attempt), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
