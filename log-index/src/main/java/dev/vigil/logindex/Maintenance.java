package dev.vigil.logindex;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index's background work on one daemon thread: near-real-time refresh, periodic commits,
 * closing idle partitions and retention. A failure is logged and retried on the next tick; a
 * failing commit leaves the translog in place, so nothing is lost by waiting.
 */
final class Maintenance implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
  private static final Duration HOUSEKEEPING = Duration.ofMinutes(1);

  private final ScheduledExecutorService executor;

  Maintenance(LogWriter writer, LogIndexOptions options) {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("vigil-log-index-maintenance").daemon(true).factory());
    every(options.refreshInterval, "refresh", writer::refresh);
    every(options.commitInterval, "commit", writer::commit);
    every(HOUSEKEEPING, "close idle partitions", writer::closeIdle);
    every(
        HOUSEKEEPING,
        "retention",
        () -> {
          int n = writer.applyRetention();
          if (n > 0) {
            log.info("retention deleted {} log partitions", n);
          }
        });
  }

  private interface Task {
    void run() throws Exception;
  }

  private void every(Duration period, String what, Task task) {
    long ms = period.toMillis();
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (Exception e) {
            log.warn("log index {} failed; retrying in {} ms", what, ms, e);
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Cancels the periodic tasks and waits for a running one. Never interrupts it: an interrupt
   * during a refresh's flush closes Lucene's file channel and with it the IndexWriter.
   */
  @Override
  public void close() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(30, TimeUnit.SECONDS);
  }
}
