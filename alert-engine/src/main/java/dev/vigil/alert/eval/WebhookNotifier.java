package dev.vigil.alert.eval;

import dev.vigil.model.series.Labels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to a webhook in Alertmanager's webhook format (version 4: {@code receiver}, {@code
 * status}, {@code alerts[]}, {@code groupLabels}, {@code commonLabels}, {@code commonAnnotations},
 * {@code externalURL}, {@code groupKey}), grouped by the {@link GroupTiming}'s labels and batched
 * by its {@code groupWait}, {@code groupInterval} and {@code repeatInterval} as Alertmanager
 * batches. {@code stillFiring} must be every firing alert this receiver should know of (the muting
 * notifier passes the whole set), so a group whose alerts are gone stops repeating. Delivery is
 * retried with exponential backoff; failures are counted, never thrown. Thread-safe.
 */
public final class WebhookNotifier implements AlertNotifier, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final int MAX_ATTEMPTS = 6;

  private final String receiver;
  private final URI url;
  private final GroupTiming timing;
  private final List<String> groupBy;
  private final String externalUrl;
  private final Clock clock;
  private final Instant started;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService sender =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("vigil-webhook").daemon(true).factory());
  private final Map<String, List<Alert>> firing = new HashMap<>();
  private final Map<String, Map<Labels, Alert>> pending = new HashMap<>();
  private final Map<String, Instant> pendingSince = new HashMap<>();
  private final Map<String, Instant> lastSent = new HashMap<>();
  private final Map<String, ScheduledFuture<?>> flushes = new HashMap<>();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();

  /** A notifier of a process that starts now (see the other constructor). */
  public WebhookNotifier(
      String receiver, URI url, GroupTiming timing, String externalUrl, Clock clock) {
    this(receiver, url, timing, externalUrl, clock, clock.instant());
  }

  /**
   * @param processStart when this process started: alerts that fired before it were restored from
   *     the alert state and notified by the previous run, so they are not sent again
   */
  public WebhookNotifier(
      String receiver,
      URI url,
      GroupTiming timing,
      String externalUrl,
      Clock clock,
      Instant processStart) {
    this.receiver = receiver;
    this.url = url;
    this.timing = timing;
    this.groupBy = timing.groupBy();
    this.externalUrl = externalUrl;
    this.clock = clock;
    this.started = processStart;
  }

  public String receiver() {
    return receiver;
  }

  /** Notifications the webhook accepted (2xx). */
  public long delivered() {
    return delivered.get();
  }

  /** Notifications given up on after every retry. */
  public long failed() {
    return failed.get();
  }

  /** Attempts that failed and were tried again. */
  public long retried() {
    return retried.get();
  }

  @Override
  public synchronized void notify(List<Alert> changed, List<Alert> stillFiring) {
    Instant now = clock.instant();
    firing.clear();
    for (Alert a : stillFiring) {
      firing.computeIfAbsent(groupKey(a), k -> new ArrayList<>()).add(a);
    }
    for (Alert a : changed) {
      String key = groupKey(a);
      pending.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(a.labels(), a);
      pendingSince.putIfAbsent(key, now);
    }
    for (Map.Entry<String, List<Alert>> e : firing.entrySet()) {
      String key = e.getKey();
      if (lastSent.containsKey(key) || pendingSince.containsKey(key)) {
        continue;
      }
      if (e.getValue().stream()
          .allMatch(a -> a.firedAt() != null && a.firedAt().isBefore(started))) {
        // Fired before this process started and restored from the alert state: the last run
        // notified it, so a restart does not page everyone again; its repeat interval starts now.
        lastSent.put(key, now);
      } else {
        // Firing but never sent by this process (its silence just ended, say): due now.
        pendingSince.put(key, now);
      }
    }
    flush(now);
  }

  private synchronized void flush(Instant now) {
    java.util.Set<String> keys = new java.util.LinkedHashSet<>(pendingSince.keySet());
    keys.addAll(firing.keySet());
    keys.addAll(lastSent.keySet());
    for (String key : keys) {
      List<Alert> groupFiring = firing.getOrDefault(key, List.of());
      Instant since = pendingSince.get(key);
      if (since != null) {
        Instant last = lastSent.get(key);
        Instant due =
            last == null
                ? since.plus(timing.groupWait())
                : later(since, last.plus(timing.groupInterval()));
        if (now.isBefore(due)) {
          scheduleFlush(key, due, now);
          continue;
        }
        List<Alert> group = new ArrayList<>(pending.getOrDefault(key, Map.of()).values());
        for (Alert f : groupFiring) {
          if (group.stream().noneMatch(a -> a.labels().equals(f.labels()))) {
            group.add(f);
          }
        }
        pending.remove(key);
        pendingSince.remove(key);
        if (!group.isEmpty()) {
          send(key, group, now);
        }
      } else if (groupFiring.isEmpty()) {
        lastSent.remove(key); // the group is gone; a new one waits groupWait again
      } else if (!now.isBefore(lastSent.get(key).plus(timing.repeatInterval()))) {
        send(key, groupFiring, now);
      }
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private void scheduleFlush(String key, Instant due, Instant now) {
    ScheduledFuture<?> f = flushes.get(key);
    if (f != null && !f.isDone()) {
      return;
    }
    // Rounded up: a flush that ran a fraction of a millisecond early would find the group not yet
    // due and, seeing its own still-running future, never schedule again.
    long delay = Duration.between(now, due).toMillis() + 1;
    flushes.put(
        key,
        sender.schedule(
            () -> {
              synchronized (this) {
                flushes.remove(key);
              }
              flush(clock.instant());
            },
            delay,
            TimeUnit.MILLISECONDS));
  }

  private void send(String key, List<Alert> group, Instant now) {
    lastSent.put(key, now);
    String body = payload(key, group);
    sender.execute(() -> deliver(body, 1));
  }

  private String groupKey(Alert a) {
    StringBuilder sb = new StringBuilder("{}:{");
    for (String name : groupBy) {
      sb.append(name).append("=\"").append(a.labels().get(name)).append("\",");
    }
    return sb.append('}').toString();
  }

  String payload(String key, List<Alert> alerts) {
    boolean firing = alerts.stream().anyMatch(a -> a.state() == AlertState.FIRING);
    Map<String, String> groupLabels = new TreeMap<>();
    for (String name : groupBy) {
      String v = alerts.get(0).labels().get(name);
      if (!v.isEmpty()) {
        groupLabels.put(name, v);
      }
    }
    Map<String, String> commonLabels =
        common(alerts.stream().<Map<String, String>>map(a -> a.labels().toMap()).toList());
    Map<String, String> commonAnnotations =
        common(alerts.stream().map(a -> a.annotationsWithLinks(externalUrl)).toList());
    StringBuilder sb = new StringBuilder("{");
    sb.append("\"version\":\"4\",\"receiver\":")
        .append(Json.string(receiver))
        .append(",\"status\":")
        .append(Json.string(firing ? "firing" : "resolved"))
        .append(",\"groupKey\":")
        .append(Json.string(key))
        .append(",\"truncatedAlerts\":0")
        .append(",\"externalURL\":")
        .append(Json.string(externalUrl))
        .append(",\"groupLabels\":")
        .append(Json.object(groupLabels))
        .append(",\"commonLabels\":")
        .append(Json.object(commonLabels))
        .append(",\"commonAnnotations\":")
        .append(Json.object(commonAnnotations))
        .append(",\"alerts\":[");
    for (int i = 0; i < alerts.size(); i++) {
      Alert a = alerts.get(i);
      boolean resolved = a.state() == AlertState.RESOLVED;
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"status\":")
          .append(Json.string(resolved ? "resolved" : "firing"))
          .append(",\"labels\":")
          .append(Json.object(a.labels().toMap()))
          .append(",\"annotations\":")
          .append(Json.object(a.annotationsWithLinks(externalUrl)))
          .append(",\"startsAt\":")
          .append(Json.string((a.firedAt() != null ? a.firedAt() : a.activeAt()).toString()))
          .append(",\"endsAt\":")
          .append(Json.string(resolved ? a.resolvedAt().toString() : "0001-01-01T00:00:00Z"))
          .append(",\"generatorURL\":")
          .append(Json.string(externalUrl + a.generatorUrl()))
          .append(",\"fingerprint\":")
          .append(Json.string(a.fingerprint()))
          .append('}');
    }
    return sb.append("]}").toString();
  }

  private static Map<String, String> common(List<Map<String, String>> maps) {
    Map<String, String> out = new TreeMap<>(maps.isEmpty() ? Map.of() : maps.get(0));
    for (Map<String, String> m : maps) {
      out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
    }
    return out;
  }

  private void deliver(String body, int attempt) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(url)
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 == 2) {
        delivered.incrementAndGet();
        return;
      }
      retry(body, attempt, "HTTP " + r.statusCode());
    } catch (java.io.IOException e) {
      retry(body, attempt, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void retry(String body, int attempt, String why) {
    if (attempt >= MAX_ATTEMPTS) {
      failed.incrementAndGet();
      log.warn("webhook {} ({}): giving up after {} attempts: {}", receiver, url, attempt, why);
      return;
    }
    retried.incrementAndGet();
    long delay = Math.min(60_000, 500L << attempt);
    sender.schedule(() -> deliver(body, attempt + 1), delay, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
