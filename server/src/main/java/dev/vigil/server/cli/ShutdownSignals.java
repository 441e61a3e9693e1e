package dev.vigil.server.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT into a request to stop, so the server drains and the process exits 0 as
 * process supervisors expect of a clean stop (a JVM killed through its shutdown hooks exits 143).
 */
@SuppressWarnings("restriction")
final class ShutdownSignals {
  private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);
  private final CountDownLatch requested = new CountDownLatch(1);

  /**
   * Installs the handlers; returns false when the JVM does not allow it (then shutdown hooks
   * apply).
   */
  boolean install() {
    try {
      for (String name : new String[] {"TERM", "INT"}) {
        sun.misc.Signal.handle(
            new sun.misc.Signal(name),
            signal -> {
              log.info("received SIG{}: stopping", signal.getName());
              requested.countDown();
            });
      }
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      log.warn("cannot handle SIGTERM/SIGINT ({}); relying on shutdown hooks", e.getMessage());
      return false;
    }
  }

  /**
   * Runs {@code onHangup} on every SIGHUP (rule reloads, as Prometheus does); false if not
   * possible.
   */
  boolean onHangup(Runnable onHangup) {
    try {
      sun.misc.Signal.handle(
          new sun.misc.Signal("HUP"),
          signal -> {
            log.info("received SIGHUP: reloading rules");
            try {
              onHangup.run();
            } catch (RuntimeException e) {
              log.error("reload on SIGHUP failed: {}", e.toString(), e);
            }
          });
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      log.warn("cannot handle SIGHUP ({}); use POST /-/reload", e.getMessage());
      return false;
    }
  }

  void await() throws InterruptedException {
    requested.await();
  }
}
