package dev.vigil.server.cli;

import dev.vigil.demo.DemoOptions;
import dev.vigil.demo.DemoWorkload;
import dev.vigil.demo.Incident;
import dev.vigil.server.VigilConfig;
import dev.vigil.server.VigilServer;
import dev.vigil.server.demo.DemoControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the server with the demo workload: seven simulated shop services exporting OTLP to it, with
 * incidents on demand ({@code POST /api/v1/demo/incidents}) or on a schedule.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the server with a simulated shop sending it metrics, logs and traces.")
final class DemoCommand implements Callable<Integer> {
  @Mixin ServerOptions options;

  @Option(
      names = "--rate",
      paramLabel = "RPS",
      defaultValue = "20",
      description = "Shop requests per second at the daily peak (default 20).")
  double rate;

  @Option(
      names = "--incident",
      paramLabel = "NAME[@DELAY]",
      description =
          "Inject an incident (payment-timeout, inventory-slowdown, checkout-error-burst), optionally after a delay like 2m. Repeatable.")
  List<String> incidents = new ArrayList<>();

  @Option(
      names = "--incident-duration",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description = "How long an injected incident lasts (default 10m).")
  String incidentDuration;

  @Override
  public Integer call() throws Exception {
    VigilConfig resolved = options.resolve();
    // Unless told otherwise, the demo runs the example SLOs and alerts shipped with Vigil.
    if (options.rulesDir == null
        && !java.nio.file.Files.isDirectory(resolved.alerting().rulesDir())) {
      String home = System.getenv("VIGIL_HOME");
      java.nio.file.Path examples =
          java.nio.file.Path.of(home == null ? "." : home, "examples", "rules");
      if (java.nio.file.Files.isDirectory(examples)) {
        resolved = resolved.withAlerting(resolved.alerting().withRulesDir(examples));
      }
    }
    VigilConfig config = resolved;
    DemoControl control = new DemoControl();
    VigilServer server = VigilServer.create(config).withBean(control);
    Duration length = duration(incidentDuration);
    List<Scheduled> scheduled = new ArrayList<>();
    for (String spec : incidents) {
      String[] parts = spec.split("@", 2);
      scheduled.add(
          new Scheduled(
              Incident.parse(parts[0]), parts.length > 1 ? duration(parts[1]) : Duration.ZERO));
    }
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
    DemoWorkload[] workload = new DemoWorkload[1];
    int code =
        ServeCommand.run(
            server,
            () -> {
              String host =
                  config.collector().host().equals("0.0.0.0")
                      ? "127.0.0.1"
                      : config.collector().host();
              String scheme = config.collector().tls() == null ? "http" : "https";
              DemoOptions demo =
                  DemoOptions.of(
                          scheme + "://" + host + ":" + server.otlpGrpcPort(),
                          scheme + "://" + host + ":" + server.otlpHttpPort())
                      .withRate(rate);
              workload[0] = new DemoWorkload(demo);
              workload[0].start();
              control.attach(workload[0]);
              for (Scheduled s : scheduled) {
                timer.schedule(
                    () -> workload[0].inject(s.incident(), length),
                    s.delay().toMillis(),
                    TimeUnit.MILLISECONDS);
              }
            },
            () -> {
              timer.shutdownNow();
              if (workload[0] != null) {
                workload[0].close();
              }
            });
    return code;
  }

  private record Scheduled(Incident incident, Duration delay) {}

  static Duration duration(String text) {
    try {
      return Duration.parse("PT" + text.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (use forms like 30s, 10m, 1h)");
    }
  }
}
