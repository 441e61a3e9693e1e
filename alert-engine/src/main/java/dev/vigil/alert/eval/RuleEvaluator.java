package dev.vigil.alert.eval;

import dev.vigil.alert.QueryFunction;
import dev.vigil.alert.QueryFunctions;
import dev.vigil.alert.load.LoadedRules;
import dev.vigil.alert.load.RuleFile;
import dev.vigil.alert.rules.RuleGroup;
import dev.vigil.model.Tenant;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the loaded rule groups continuously, each on its own interval, and keeps the alert state:
 * across reloads (a group that stays keeps its alerts) and across restarts (persisted in the data
 * directory, so a restart neither forgets firing alerts nor notifies them all again). Thread-safe.
 */
public final class RuleEvaluator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RuleEvaluator.class);

  private final QueryFunctions queries;
  private final SeriesWriter writer;
  private final AlertNotifier notifier;
  private final Clock clock;
  private final Duration defaultInterval;
  private final AlertStateFile stateFile;
  private final Map<String, GroupEvaluation> groups = new LinkedHashMap<>();
  private final Map<String, ScheduledFuture<?>> schedules = new LinkedHashMap<>();
  private ScheduledExecutorService scheduler;

  /** A group that finishes later than this after its tick counts as late. */
  static final Duration LATE = Duration.ofSeconds(1);

  private final java.util.concurrent.atomic.LongAdder evaluations =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder lateEvaluations =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder evaluationNanos =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder evaluationCpuNanos =
      new java.util.concurrent.atomic.LongAdder();
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /**
   * @param stateFile where alert state survives restarts, or null to keep it in memory only
   */
  public RuleEvaluator(
      QueryFunctions queries,
      SeriesWriter writer,
      AlertNotifier notifier,
      Clock clock,
      Duration defaultInterval,
      Path stateFile) {
    this.queries = queries;
    this.writer = writer;
    this.notifier = notifier;
    this.clock = clock;
    this.defaultInterval = defaultInterval;
    this.stateFile = stateFile == null ? null : new AlertStateFile(stateFile);
  }

  /** PromQL rules only; LogQL rules fail with {@link QueryFunctions#NO_LOG_INDEX}'s reason. */
  public RuleEvaluator(
      QueryFunction promql,
      SeriesWriter writer,
      AlertNotifier notifier,
      Clock clock,
      Duration defaultInterval,
      Path stateFile) {
    this(QueryFunctions.promqlOnly(promql), writer, notifier, clock, defaultInterval, stateFile);
  }

  private volatile TemplateContext templates = TemplateContext.NONE;

  /**
   * What alert templates read as {@code $externalURL} and {@code $externalLabels}; applies to the
   * groups of the next {@link #update}.
   */
  public void templateContext(TemplateContext context) {
    templates = java.util.Objects.requireNonNull(context);
  }

  /** Starts evaluating on a background scheduler. */
  public synchronized void start() {
    scheduler =
        Executors.newScheduledThreadPool(
            2, Thread.ofPlatform().name("vigil-rules-", 0).daemon(true).factory());
    groups.values().forEach(this::schedule);
  }

  /**
   * Replaces the running groups of {@code tenant} with those of {@code rules}. Groups that stay
   * (same file and name) keep their alert state; alerts of removed groups are resolved.
   */
  public synchronized void update(Tenant tenant, LoadedRules rules) {
    Map<String, GroupEvaluation> next = new LinkedHashMap<>();
    for (RuleFile file : rules.files()) {
      for (RuleGroup g : file.groups()) {
        GroupEvaluation e = new GroupEvaluation(tenant, file.name(), g, templates);
        GroupEvaluation old = groups.get(e.key());
        if (old != null) {
          e.inherit(old);
        }
        next.put(e.key(), e);
      }
    }
    List<Alert> resolved = new ArrayList<>();
    for (var it = groups.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      if (!entry.getValue().tenant.equals(tenant)) {
        continue;
      }
      if (!next.containsKey(entry.getKey())) {
        Instant now = clock.instant();
        for (Alert a : entry.getValue().alerts()) {
          if (a.state() == AlertState.FIRING) {
            resolved.add(
                new Alert(
                    a.tenant(),
                    a.group(),
                    a.rule(),
                    a.labels(),
                    a.annotations(),
                    AlertState.RESOLVED,
                    a.activeAt(),
                    a.firedAt(),
                    now,
                    a.value(),
                    a.generatorUrl()));
          }
        }
      }
      ScheduledFuture<?> f = schedules.remove(entry.getKey());
      if (f != null) {
        f.cancel(false);
      }
      it.remove();
    }
    groups.putAll(next);
    if (scheduler != null) {
      next.values().forEach(this::schedule);
    }
    if (!resolved.isEmpty()) {
      notifier.notify(resolved, List.of());
    }
  }

  /** Restores persisted alerts into the current groups; call after the first {@link #update}. */
  public synchronized int restoreState() {
    if (stateFile == null) {
      return 0;
    }
    int restored = 0;
    for (Alert a : stateFile.read()) {
      for (GroupEvaluation g : groups.values()) {
        if (g.tenant.equals(a.tenant()) && g.group.name().equals(a.group())) {
          g.restore(a);
          restored++;
          break;
        }
      }
    }
    return restored;
  }

  /** Evaluates every group once at {@code now}, in order (for tests and {@code rules test}). */
  public void evaluateAll(Instant now) {
    evaluateAll(now, List.of());
  }

  /**
   * {@link #evaluateAll(Instant)} with the groups named in {@code order} first, in that order, then
   * the others as loaded: promtool's {@code group_eval_order}, for groups whose rules read what
   * another group records at the same time.
   */
  public void evaluateAll(Instant now, List<String> order) {
    List<GroupEvaluation> snapshot;
    synchronized (this) {
      snapshot = new ArrayList<>(groups.values());
    }
    if (!order.isEmpty()) {
      snapshot.sort(
          java.util.Comparator.comparingInt(g -> {
            int i = order.indexOf(g.group.name());
            return i < 0 ? order.size() : i;
          }));
    }
    for (GroupEvaluation g : snapshot) {
      run(g, now);
    }
  }

  private void schedule(GroupEvaluation g) {
    long interval = g.group.interval().orElse(defaultInterval).toMillis();
    // Spread groups over their interval by a stable offset, as Prometheus does, so they do not all
    // hit the store at the same instant.
    long offset = Math.floorMod(g.key().hashCode(), Math.max(1, interval));
    // The executor runs a late group's missed ticks back to back; each run knows the tick it is
    // for, so lateness (tick to finish) is measured, not hidden.
    long[] tick = {System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(offset)};
    long intervalNanos = TimeUnit.MILLISECONDS.toNanos(interval);
    schedules.put(
        g.key(),
        scheduler.scheduleAtFixedRate(
            () -> {
              long due = tick[0];
              tick[0] += intervalNanos;
              run(g, clock.instant(), due);
            },
            offset,
            interval,
            TimeUnit.MILLISECONDS));
  }

  private void run(GroupEvaluation g, Instant now) {
    run(g, now, System.nanoTime());
  }

  private void run(GroupEvaluation g, Instant now, long dueNanos) {
    GroupEvaluation.Outcome outcome;
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    synchronized (g) {
      try {
        outcome = g.evaluate(now, queries, writer);
      } catch (RuntimeException e) {
        log.error("BUG: evaluating rule group {} failed: {}", g.group.name(), e.toString(), e);
        return;
      } finally {
        long t1 = System.nanoTime();
        evaluations.increment();
        evaluationNanos.add(t1 - t0);
        evaluationCpuNanos.add(Math.max(0, THREADS.getCurrentThreadCpuTime() - cpu0));
        if (t1 - dueNanos > LATE.toNanos()) {
          lateEvaluations.increment();
        }
      }
    }
    try {
      notifier.notify(outcome.changed(), outcome.firing());
    } catch (RuntimeException e) {
      log.error("BUG: the alert notifier threw {}", e.toString(), e);
    }
    if (stateFile != null && !outcome.changed().isEmpty()) {
      persist();
    }
  }

  private synchronized void persist() {
    List<Alert> all = new ArrayList<>();
    for (GroupEvaluation g : groups.values()) {
      all.addAll(g.alerts());
    }
    try {
      stateFile.write(all);
    } catch (IOException e) {
      log.warn("could not persist alert state to {}: {}", stateFile, e.toString());
    }
  }

  /** Every rule group with its rules' state, for {@code /api/v1/rules}. */
  public synchronized List<GroupStatus> groups(Tenant tenant) {
    List<GroupStatus> out = new ArrayList<>();
    for (GroupEvaluation g : groups.values()) {
      if (g.tenant.equals(tenant)) {
        out.add(new GroupStatus(g));
      }
    }
    return out;
  }

  /** Pending and firing alerts of a tenant, for {@code /api/v1/alerts}. */
  public synchronized List<Alert> alerts(Tenant tenant) {
    List<Alert> out = new ArrayList<>();
    for (GroupEvaluation g : groups.values()) {
      if (g.tenant.equals(tenant)) {
        out.addAll(g.alerts());
      }
    }
    return out;
  }

  /**
   * Group evaluations so far: {count, finished more than {@link #LATE} after their tick, wall
   * nanoseconds, CPU nanoseconds of the evaluating threads}.
   */
  public long[] evaluationCounts() {
    return new long[] {
      evaluations.sum(), lateEvaluations.sum(), evaluationNanos.sum(), evaluationCpuNanos.sum()
    };
  }

  public Duration defaultInterval() {
    return defaultInterval;
  }

  /**
   * Lets the evaluation under way finish, then saves the state. Not shutdownNow(): an interrupt
   * inside a store's write closes its file channel, failing every later write of that store. Not
   * holding this monitor while waiting: an evaluation takes it to persist its state.
   */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      s = scheduler;
    }
    if (s != null) {
      s.shutdown();
      try {
        if (!s.awaitTermination(30, TimeUnit.SECONDS)) {
          log.warn("a rule group was still being evaluated 30 s after the stop began");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (stateFile != null) {
      persist();
    }
  }
}
