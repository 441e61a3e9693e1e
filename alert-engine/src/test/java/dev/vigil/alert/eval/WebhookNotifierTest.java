package dev.vigil.alert.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batching and retries against a real HTTP receiver. */
class WebhookNotifierTest {
  HttpServer server;
  final List<String> bodies = new CopyOnWriteArrayList<>();
  final List<Long> arrivals = new CopyOnWriteArrayList<>();
  final AtomicInteger failFirst = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          if (failFirst.getAndDecrement() > 0) {
            ex.sendResponseHeaders(503, -1);
          } else {
            bodies.add(body);
            arrivals.add(System.nanoTime());
            ex.sendResponseHeaders(200, -1);
          }
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  static Alert alert(String instance, AlertState state) {
    Instant now = Instant.now();
    return new Alert(
        Tenant.DEFAULT,
        "g",
        "Down",
        Labels.of("alertname", "Down", "instance", instance),
        Map.of(),
        state,
        now,
        now,
        state == AlertState.RESOLVED ? now : null,
        1,
        "");
  }

  static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void groupWaitBatchesAndGroupIntervalHoldsBackChanges() throws Exception {
    GroupTiming timing =
        new GroupTiming(
            List.of("alertname"),
            Duration.ofMillis(400),
            Duration.ofMillis(1500),
            Duration.ofHours(1));
    try (WebhookNotifier n =
        new WebhookNotifier("oncall", url(), timing, "http://vigil", Clock.systemUTC())) {
      long t0 = System.nanoTime();
      Alert a = alert("a", AlertState.FIRING);
      n.notify(List.of(a), List.of(a));
      Thread.sleep(100);
      Alert b = alert("b", AlertState.FIRING);
      n.notify(List.of(b), List.of(a, b));
      await(() -> !bodies.isEmpty());
      assertThat(bodies).hasSize(1);
      assertThat(bodies.get(0)).contains("\"instance\":\"a\"").contains("\"instance\":\"b\"");
      assertThat(Duration.ofNanos(arrivals.get(0) - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(390));
      // A resolution right after waits for the group interval.
      n.notify(List.of(alert("a", AlertState.RESOLVED)), List.of(b));
      Thread.sleep(500);
      assertThat(bodies).hasSize(1);
      await(() -> bodies.size() == 2);
      assertThat(bodies).hasSize(2);
      // Sent no sooner than group_interval after the first send (at group_wait): arrivals can be
      // late, never early, so measure from the start.
      assertThat(Duration.ofNanos(arrivals.get(1) - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(1850));
      assertThat(bodies.get(1)).contains("\"status\":\"resolved\"");
      // The receiver holds the body before the notifier has read the answer and counted it.
      await(() -> n.delivered() == 2);
      assertThat(n.delivered()).isEqualTo(2);
    }
  }

  @Test
  void alertsRestoredAfterARestartAreNotSentAgainButNewOnesAre() throws Exception {
    GroupTiming timing =
        new GroupTiming(List.of("instance"), Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
    Alert old = alert("a", AlertState.FIRING); // fired before the notifier (the process) started
    Thread.sleep(5);
    try (WebhookNotifier n =
        new WebhookNotifier("oncall", url(), timing, "http://vigil", Clock.systemUTC())) {
      n.notify(List.of(), List.of(old));
      Thread.sleep(300);
      assertThat(bodies).isEmpty();
      Alert fresh = alert("b", AlertState.FIRING);
      n.notify(List.of(fresh), List.of(old, fresh));
      await(() -> !bodies.isEmpty());
      assertThat(bodies).hasSize(1);
      assertThat(bodies.get(0)).contains("\"instance\":\"b\"").doesNotContain("\"instance\":\"a\"");
      // The restored alert's resolution is still sent.
      n.notify(List.of(alert("a", AlertState.RESOLVED)), List.of(fresh));
      await(() -> bodies.size() == 2);
      assertThat(bodies.get(1)).contains("\"status\":\"resolved\"");
    }
  }

  @Test
  void aFailingReceiverIsRetriedWithBackoffAndCounted() throws Exception {
    failFirst.set(2);
    try (WebhookNotifier n =
        new WebhookNotifier(
            "oncall",
            url(),
            new GroupTiming(
                List.of("alertname"), Duration.ZERO, Duration.ZERO, Duration.ofHours(1)),
            "http://vigil",
            Clock.systemUTC())) {
      Alert a = alert("a", AlertState.FIRING);
      n.notify(List.of(a), List.of(a));
      await(() -> n.delivered() == 1);
      assertThat(n.delivered()).isEqualTo(1);
      assertThat(n.retried()).isEqualTo(2);
      assertThat(n.failed()).isZero();
    }
  }
}
