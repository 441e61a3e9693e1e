package dev.vigil.logindex;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index's background work on one daemon thread: near-real-time refresh, periodic commits,
 * closing idle partitions and retention; and on a second one, merging finished partitions. A
 * failure is logged and retried on the next tick; a failing commit leaves the translog in place, so
 * nothing is lost by waiting.
 */
final class Maintenance implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
  private static final Duration HOUSEKEEPING = Duration.ofMinutes(1);

  private final ScheduledExecutorService executor;

  /** Merges of finished partitions take minutes: not on the thread that refreshes every second. */
  private final ScheduledExecutorService compaction;

  Maintenance(LogWriter writer, LogIndexOptions options) {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("vigil-log-index-maintenance").daemon(true).factory());
    every(options.refreshInterval, "refresh", writer::refreshSearched);
    every(options.commitInterval, "commit", writer::commit);
    compaction =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("vigil-log-index-compaction").daemon(true).factory());
    every(HOUSEKEEPING, "close idle partitions", writer::closeIdle);
    every(compaction, HOUSEKEEPING, "merging of finished partitions", writer::compactFinished);
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
    every(executor, period, what, task);
  }

  private void every(ScheduledExecutorService on, Duration period, String what, Task task) {
    long ms = period.toMillis();
    on.scheduleWithFixedDelay(
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
   * Cancels the periodic tasks and waits for the one running. Never interrupts it: an interrupt in
   * the middle of a Lucene write closes the file channel under the IndexWriter, which then closes
   * itself as if the disk had failed, and the final commit fails with AlreadyClosedException.
   */
  @Override
  public void close() throws InterruptedException {
    executor.shutdown();
    compaction.shutdown();
    if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
      log.warn("log index maintenance still running after 30 s; closing anyway");
    }
    // A merge under way is aborted by the close that follows; it is redone after the restart.
    if (!compaction.awaitTermination(5, TimeUnit.SECONDS)) {
      log.info("log index closing while a finished partition is being merged; merged next time");
    }
  }
}
