package dev.vigil.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the shop: requests arrive at a rate following a daily shape with noise, spread over each 100
 * ms tick; incidents switch on for a while when injected. Thread-safe; start once, stop once.
 */
public final class DemoWorkload implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoWorkload.class);
  private static final long TICK_MILLIS = 100;

  private final DemoOptions options;
  private final Shop shop;
  private final Random random;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("vigil-demo").daemon(true).factory());
  private final Map<Incident, Long> incidentUntil = new EnumMap<>(Incident.class);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final long startedMillis = System.currentTimeMillis();
  private double carry;

  public DemoWorkload(DemoOptions options) {
    this.options = options;
    this.shop = new Shop(options);
    this.random = new Random(options.seed());
  }

  public void start() {
    ticker.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    log.info(
        "demo workload started: {} services, ~{} requests/s at the daily peak, exporting to {} and {}",
        shop.services().size(),
        options.requestsPerSecond(),
        options.grpcEndpoint(),
        options.httpEndpoint());
  }

  /** Switches an incident on for {@code duration} from now. */
  public synchronized void inject(Incident incident, Duration duration) {
    incidentUntil.put(incident, System.currentTimeMillis() + duration.toMillis());
    log.info("demo incident started: {} for {}", incident.description(), duration);
  }

  public synchronized Map<Incident, Instant> activeIncidents() {
    Map<Incident, Instant> out = new EnumMap<>(Incident.class);
    long now = System.currentTimeMillis();
    incidentUntil.forEach((i, until) -> {
      if (until > now) {
        out.put(i, Instant.ofEpochMilli(until));
      }
    });
    return out;
  }

  public long requests() {
    return requests.get();
  }

  public long failedRequests() {
    return failed.get();
  }

  /** Exports everything buffered now (tests use it instead of waiting for the next interval). */
  public void flush() {
    shop.flush();
  }

  private void tick() {
    try {
      long now = System.currentTimeMillis();
      Set<Incident> active = active(now);
      double rate =
          options.requestsPerSecond() * dailyShape(now) * (0.85 + 0.3 * random.nextDouble());
      carry += rate * TICK_MILLIS / 1000.0;
      int n = (int) carry;
      carry -= n;
      for (int i = 0; i < n; i++) {
        long at =
            TimeUnit.MILLISECONDS.toNanos(now - TICK_MILLIS)
                + (long) (random.nextDouble() * TICK_MILLIS * 1_000_000);
        Shop.Result r = shop.request(random, at, active);
        requests.incrementAndGet();
        if (r.failed()) {
          failed.incrementAndGet();
        }
      }
    } catch (RuntimeException e) {
      // A bug here must not silently stop the workload's scheduler.
      log.error("demo tick failed: {}", e.toString(), e);
    }
  }

  private synchronized Set<Incident> active(long now) {
    Set<Incident> active = EnumSet.noneOf(Incident.class);
    incidentUntil.forEach((i, until) -> {
      if (until > now) {
        active.add(i);
      }
    });
    return active;
  }

  /** 0.3 at night to 1.0 at the peak, over one simulated day. */
  private double dailyShape(long now) {
    double day = options.dayLength().toMillis();
    double phase = ((now - startedMillis) % (long) day) / day;
    return 0.65 + 0.35 * Math.sin(2 * Math.PI * (phase - 0.25));
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shop.close();
  }
}
