package dev.vigil.server.cli;

import dev.vigil.server.VigilServer;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the server until SIGTERM or SIGINT, then stops gracefully and exits 0. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Vigil server.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin ServerOptions options;

  @Override
  public Integer call() throws Exception {
    return run(VigilServer.create(options.resolve()), () -> {}, () -> {});
  }

  /**
   * Starts {@code server}, runs {@code afterStart}, waits for a stop signal, runs {@code
   * beforeStop}, stops the server gracefully. Shared with {@code demo}.
   */
  static int run(VigilServer server, Runnable afterStart, Runnable beforeStop) throws Exception {
    ShutdownSignals signals = new ShutdownSignals();
    boolean handled = signals.install();
    Thread hook =
        new Thread(
            () -> {
              beforeStop.run();
              closeQuietly(server);
            },
            "vigil-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    // Before start: once "ready" is logged a SIGHUP may come, and the JVM's default for it is to
    // exit.
    signals.onHangup(() -> reloadRules(server));
    server.start();
    try {
      afterStart.run();
    } catch (RuntimeException | Error e) {
      // Whatever was to run beside the server failed: stop the server rather than leave a
      // half-started process that no signal ends.
      beforeStop.run();
      server.close();
      Runtime.getRuntime().removeShutdownHook(hook);
      throw e;
    }
    if (!handled) {
      Thread.currentThread().join(); // the shutdown hook stops the server
    }
    signals.await();
    beforeStop.run();
    log.info("draining queued telemetry into the stores");
    server.close();
    Runtime.getRuntime().removeShutdownHook(hook);
    return 0;
  }

  private static void reloadRules(VigilServer server) {
    var alerting = server.alerting();
    if (alerting == null) {
      log.info("no rule engine is running yet (or at all): the rules load when it starts");
      return;
    }
    alerting.reload();
  }

  private static void closeQuietly(VigilServer server) {
    try {
      server.close();
    } catch (Exception e) {
      log.error("graceful stop failed: {}", e.toString(), e);
    }
  }
}
