package dev.vigil.server.alerting;

import dev.vigil.alert.eval.AlertNotifier;
import dev.vigil.alert.eval.RuleEvaluator;
import dev.vigil.alert.eval.SeriesWriter;
import dev.vigil.alert.eval.WebhookNotifier;
import dev.vigil.alert.load.LoadedRules;
import dev.vigil.alert.load.Problem;
import dev.vigil.alert.load.RuleLoadException;
import dev.vigil.alert.load.RuleLoader;
import dev.vigil.alert.notify.Acknowledgements;
import dev.vigil.alert.notify.MutingNotifier;
import dev.vigil.alert.notify.Route;
import dev.vigil.alert.notify.RoutingNotifier;
import dev.vigil.alert.notify.Silences;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.tsdb.Tsdb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rules directory for the default tenant: loads it at start, reloads when a file changes
 * (polled every few seconds), on SIGHUP and on {@code POST /-/reload}, without losing alert state;
 * a file with an error keeps its previous version running. Thread-safe.
 */
public final class AlertingService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertingService.class);
  static final Tenant TENANT = Tenant.DEFAULT;

  private final AlertingConfig config;
  private final RuleLoader loader = RuleLoader.withDefaults();
  private final RuleEvaluator evaluator;
  private final List<AutoCloseable> notifiers = new ArrayList<>();
  private final ScheduledExecutorService watcher =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("vigil-rules-watch").daemon(true).factory());
  private final List<WebhookNotifier> webhooks = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AlertmanagerNotifier alertmanager;
  private final Silences silences;
  private final Silences maintenance;
  private final Tsdb tsdb;
  private final Clock clock;
  private final Acknowledgements acks;
  private final MutingNotifier muting;
  private volatile LoadedRules loaded = LoadedRules.EMPTY;
  private volatile String loadError = "";
  private String fingerprint = "";

  /** Reloads so far and the last one's outcome, replaced by each (synchronized) reload. */
  private volatile ReloadStatus lastReload = new ReloadStatus(0, 0, true, Double.NaN, 0);

  public AlertingService(AlertingConfig config, Tsdb tsdb, Path stateDir, Clock clock) {
    this(config, tsdb, null, stateDir, clock);
  }

  /**
   * @param logs the log index LogQL rules read, or null when this process has none (LogQL rules
   *     then fail with a reason beside the rule)
   */
  public AlertingService(
      AlertingConfig config,
      Tsdb tsdb,
      dev.vigil.logindex.LogIndex logs,
      Path stateDir,
      Clock clock) {
    // Alerts that fired before this instant come from the alert state of the previous run.
    java.time.Instant processStart = clock.instant();
    this.config = config;
    Engine engine = new Engine(tsdb, EngineOptions.DEFAULTS);
    SeriesWriter writer =
        (tenant, points) -> {
          SeriesAppender a = tsdb.appender();
          for (SeriesWriter.Point p : points) {
            a.append(tenant, p.labels(), p.timestamp(), p.value());
          }
          // Rule results are derived from stored data and acknowledged to nobody: in the WAL (so a
          // crash of the process loses none) without waiting for the fsync, as Prometheus writes
          // them. Waiting made 10,000 SLOs' groups queue behind fsyncs, a thousand a second.
          a.commitUnforced();
        };
    List<AlertNotifier> targets = new ArrayList<>();
    if (!config.webhooks().isEmpty()) {
      RoutingNotifier routing =
          new RoutingNotifier(
              routeTree(config),
              null,
              config.timing(),
              (receiver, timing) -> {
                WebhookNotifier n =
                    new WebhookNotifier(
                        receiver,
                        webhookUrl(config, receiver),
                        timing,
                        config.externalUrl(),
                        clock,
                        processStart);
                webhooks.add(n);
                return n;
              });
      targets.add(routing);
      notifiers.add(routing);
    }
    if (config.alertmanager() != null) {
      alertmanager = new AlertmanagerNotifier(config.alertmanager(), config.externalUrl());
      targets.add(alertmanager);
      notifiers.add(alertmanager);
    } else {
      alertmanager = null;
    }
    AlertNotifier all = (changed, firing) -> targets.forEach(t -> t.notify(changed, firing));
    silences = new Silences(stateDir.resolve("silences"), clock);
    acks = new Acknowledgements(stateDir.resolve("acknowledgements"), clock);
    maintenance = Silences.maintenanceWindows(stateDir.resolve("maintenance"), clock);
    muting = new MutingNotifier(all, silences, maintenance, acks, config.inhibitRules(), clock);
    this.tsdb = tsdb;
    this.clock = clock;
    EngineQueries promql = new EngineQueries(engine);
    evaluator =
        new RuleEvaluator(
            new dev.vigil.alert.QueryFunctions(
                promql,
                logs == null
                    ? dev.vigil.alert.QueryFunctions.NO_LOG_INDEX
                    : new LogIndexQueries(logs)),
            writer,
            muting,
            clock,
            config.interval(),
            stateDir.resolve("alerts.state"));
    // Vigil has no external labels; templates see an empty map, as Prometheus without them. A
    // template's query runs on the same engine as the rules, for the tenant the rules run for.
    evaluator.templateContext(
        new dev.vigil.alert.eval.TemplateContext(
            config.externalUrl(),
            null,
            (expr, time) -> promql.query(TENANT, expr, time).samples()));
  }

  /**
   * The configured route tree, or one that gives every alert to every webhook (the behaviour before
   * routes existed): a root without receiver whose children each name one webhook and continue.
   */
  private static Route routeTree(AlertingConfig config) {
    if (config.route() != null) {
      return config.route();
    }
    List<Route> children = new ArrayList<>();
    for (AlertingConfig.Webhook w : config.webhooks()) {
      children.add(new Route(List.of(), w.name(), null, null, null, null, true, List.of()));
    }
    return new Route(List.of(), null, null, null, null, null, false, children);
  }

  private static java.net.URI webhookUrl(AlertingConfig config, String receiver) {
    for (AlertingConfig.Webhook w : config.webhooks()) {
      if (w.name().equals(receiver)) {
        return w.url();
      }
    }
    throw new IllegalStateException("BUG: route to unknown receiver " + receiver);
  }

  /** The webhook receivers made so far (one per route reached), for /metrics. */
  public List<WebhookNotifier> webhooks() {
    return List.copyOf(webhooks);
  }

  /** Alerts pushed to the Alertmanager: accepted, retried, given up; null without one. */
  public long[] alertmanagerCounts() {
    return alertmanager == null
        ? null
        : new long[] {
          alertmanager.delivered.get(), alertmanager.retried.get(), alertmanager.failed.get()
        };
  }

  /** Loads the rules, restores alert state, starts evaluating and watching for changes. */
  public void start() {
    reload();
    int restored = evaluator.restoreState();
    if (restored > 0) {
      log.info("restored {} pending or firing alerts from the last run", restored);
    }
    evaluator.start();
    long every = Math.max(1000, config.interval().toMillis());
    watcher.scheduleAtFixedRate(
        () -> {
          try {
            markMaintenance();
          } catch (RuntimeException e) {
            log.error("BUG: marking maintenance windows failed: {}", e.toString(), e);
          }
        },
        0,
        every,
        TimeUnit.MILLISECONDS);
    watcher.scheduleWithFixedDelay(
        () -> {
          try {
            if (!fingerprint().equals(fingerprint)) {
              reload();
            }
          } catch (RuntimeException e) {
            log.error("BUG: watching the rules directory failed: {}", e.toString(), e);
          }
        },
        5,
        5,
        TimeUnit.SECONDS);
  }

  /** Re-reads the rules directory; returns the problems found (empty when every file is valid). */
  public synchronized List<Problem> reload() {
    fingerprint = fingerprint();
    if (!Files.isDirectory(config.rulesDir())) {
      loadError =
          "rules directory "
              + config.rulesDir().toAbsolutePath()
              + " does not exist; no rules are loaded";
      evaluator.update(TENANT, LoadedRules.EMPTY);
      loaded = LoadedRules.EMPTY;
      // Nothing to load is not a failure: a server without rules runs without a directory.
      recordReload(true, 0);
      return List.of();
    }
    try {
      LoadedRules next = loader.load(config.rulesDir(), loaded);
      loaded = next;
      loadError = "";
      evaluator.update(TENANT, next);
      recordReload(
          next.problems().isEmpty(),
          (int) next.problems().stream().map(Problem::file).distinct().count());
      for (Problem p : next.problems()) {
        log.warn("rule file problem: {}", p);
      }
      log.info(
          "rules loaded from {}: {} files, {} groups, {} SLOs, {} problems",
          config.rulesDir(),
          next.files().size(),
          next.groups().size(),
          next.slos().size(),
          next.problems().size());
      return next.problems();
    } catch (RuleLoadException e) {
      loadError = e.getMessage();
      log.warn("rules not reloaded: {}", e.getMessage());
      recordReload(false, lastReload.rejectedFiles());
      return List.of();
    }
  }

  /**
   * What {@code /metrics} tells about reloading the rules, as Prometheus' {@code
   * prometheus_config_last_reload_successful} does: a file with an error keeps its previous version
   * running, so without these a broken edit goes unnoticed until the rule it meant to change is
   * needed.
   *
   * @param successful whether the last reload loaded every file without a problem
   * @param lastSuccessSeconds Unix time of the last such reload; NaN before the first
   * @param rejectedFiles files of the rules directory rejected by the last reload
   */
  public record ReloadStatus(
      long reloads,
      long failed,
      boolean successful,
      double lastSuccessSeconds,
      int rejectedFiles) {}

  public ReloadStatus reloadStatus() {
    return lastReload;
  }

  private void recordReload(boolean ok, int rejectedFiles) {
    ReloadStatus before = lastReload;
    lastReload =
        new ReloadStatus(
            before.reloads() + 1,
            before.failed() + (ok ? 0 : 1),
            ok,
            ok ? clock.millis() / 1000.0 : before.lastSuccessSeconds(),
            rejectedFiles);
  }

  /**
   * Writes {@code vigil_slo_maintenance{sloth_id=…} 1} for every SLO an active maintenance window
   * covers (its matchers hold on the SLO's labels: {@code sloth_id}, {@code sloth_service}, {@code
   * sloth_slo} and the SLO's own); the SLI recording rules leave out every window overlapping it. A
   * recurring window is active during its occurrences only, so only those are marked.
   */
  private void markMaintenance() {
    java.time.Instant now = clock.instant();
    SeriesAppender a = tsdb.appender();
    int n = 0;
    for (dev.vigil.alert.slo.Slo slo : loaded.slos()) {
      dev.vigil.model.series.Labels.Builder b = dev.vigil.model.series.Labels.builder();
      slo.labels().forEach(b::set);
      dev.vigil.model.series.Labels labels =
          b.set("sloth_id", slo.id())
              .set("sloth_service", slo.service())
              .set("sloth_slo", slo.name())
              .build();
      if (maintenance.mutedBy(TENANT, labels, now).isEmpty()) {
        continue;
      }
      a.append(
          TENANT,
          dev.vigil.model.series.Labels.of(
              "__name__",
              dev.vigil.alert.slo.GeneratorOptions.MAINTENANCE_METRIC,
              "sloth_id",
              slo.id(),
              "sloth_service",
              slo.service(),
              "sloth_slo",
              slo.name()),
          now.toEpochMilli(),
          1);
      n++;
    }
    try {
      if (n > 0) {
        a.commit();
      } else {
        a.rollback();
      }
    } catch (IOException e) {
      log.warn("could not write maintenance marks: {}", e.toString());
    }
  }

  /** Changes to names, sizes or modification times of the rule files. */
  private String fingerprint() {
    if (!Files.isDirectory(config.rulesDir())) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.walk(config.rulesDir())) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        sb.append(p)
            .append(':')
            .append(Files.size(p))
            .append(':')
            .append(Files.getLastModifiedTime(p).toMillis())
            .append(';');
      }
    } catch (IOException e) {
      return "unreadable:" + e.getMessage();
    }
    return sb.toString();
  }

  public LoadedRules loaded() {
    return loaded;
  }

  public String loadError() {
    return loadError;
  }

  public Silences silences() {
    return silences;
  }

  /**
   * Maintenance windows: silences in form (matchers on alert and SLO labels, start, end, an
   * optional recurrence), whose SLOs also keep the time of every occurrence out of their error
   * budget.
   */
  public Silences maintenance() {
    return maintenance;
  }

  public Acknowledgements acknowledgements() {
    return acks;
  }

  /** Silences, inhibition and acknowledgements, as they apply to each alert. */
  public MutingNotifier muting() {
    return muting;
  }

  public RuleEvaluator evaluator() {
    return evaluator;
  }

  @Override
  public void close() {
    watcher.shutdownNow();
    evaluator.close();
    for (AutoCloseable n : notifiers) {
      try {
        n.close();
      } catch (Exception e) {
        log.warn("closing a notifier failed: {}", e.toString());
      }
    }
  }
}
