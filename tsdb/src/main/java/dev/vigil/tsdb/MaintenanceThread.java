package dev.vigil.tsdb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tsdb's one background thread: every interval it runs {@link Tsdb#maintain()} (head cut, block
 * merges, retention). A failure is logged and counted and the next round retries; {@link #stop}
 * wakes it and waits for the round in progress to finish.
 */
final class MaintenanceThread {
  private static final Logger log = LoggerFactory.getLogger(MaintenanceThread.class);

  private final Tsdb tsdb;
  private final long intervalMillis;
  private final Thread thread;
  private boolean stopped;

  MaintenanceThread(Tsdb tsdb, long intervalMillis) {
    this.tsdb = tsdb;
    this.intervalMillis = intervalMillis;
    this.thread =
        Thread.ofPlatform().name("vigil-tsdb-maintenance").daemon(true).unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  private void run() {
    while (true) {
      synchronized (this) {
        long deadline = System.currentTimeMillis() + intervalMillis;
        while (!stopped && System.currentTimeMillis() < deadline) {
          try {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
          } catch (InterruptedException e) {
            return;
          }
        }
        if (stopped) {
          return;
        }
      }
      try {
        tsdb.maintain();
      } catch (Exception e) {
        tsdb.statsInternal().maintenanceFailures.incrementAndGet();
        log.error("tsdb maintenance failed; retrying in {} ms", intervalMillis, e);
      }
    }
  }

  void stop() throws InterruptedException {
    synchronized (this) {
      stopped = true;
      notifyAll();
    }
    thread.join();
  }
}
