package dev.vigil.alert.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.InstantVector;
import dev.vigil.alert.QueryException;
import dev.vigil.alert.QueryFunction;
import dev.vigil.alert.load.LoadedRules;
import dev.vigil.alert.load.RuleFile;
import dev.vigil.alert.rules.AlertingRule;
import dev.vigil.alert.rules.RecordingRule;
import dev.vigil.alert.rules.RuleGroup;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleEvaluatorTest {
  private static final Tenant T = Tenant.DEFAULT;
  private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
  @TempDir Path dir;

  /** Answers queries from a table the test fills: expression → result at any time. */
  static final class ScriptedQueries implements QueryFunction {
    final Map<String, InstantVector> answers = new HashMap<>();
    final Map<String, String> failures = new HashMap<>();

    @Override
    public InstantVector query(Tenant tenant, String expr, Instant time) throws QueryException {
      if (failures.containsKey(expr)) {
        throw new QueryException(failures.get(expr));
      }
      return answers.getOrDefault(expr, InstantVector.EMPTY);
    }

    void set(String expr, double value, String... labels) {
      answers.put(
          expr, new InstantVector(List.of(new InstantVector.Sample(Labels.of(labels), value))));
    }
  }

  static final class Recorder implements AlertNotifier {
    final List<Alert> changed = new ArrayList<>();

    @Override
    public void notify(List<Alert> c, List<Alert> firing) {
      changed.addAll(c);
    }
  }

  /**
   * A query that answers nothing, after sleeping {@code millis} when its expression is {@code
   * expr}.
   */
  private static QueryFunction sleeping(String expr, long millis) {
    return (tenant, e, time) -> {
      if (e.equals(expr)) {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
        }
      }
      return InstantVector.EMPTY;
    };
  }

  /** An evaluator at T0 without notifications whose written points go to {@code written}. */
  private static RuleEvaluator recordingEvaluator(
      QueryFunction q, List<SeriesWriter.Point> written) {
    return new RuleEvaluator(
        q,
        (tenant, points) -> written.addAll(points),
        AlertNotifier.NONE,
        Clock.fixed(T0, ZoneOffset.UTC),
        Duration.ofSeconds(30),
        null);
  }

  /** An evaluator on the real clock, for the tests of its timing counters. */
  private static RuleEvaluator timedEvaluator(QueryFunction q) {
    return new RuleEvaluator(
        q, (tenant, points) -> {}, new Recorder(), Clock.systemUTC(), Duration.ofHours(1), null);
  }

  private static LoadedRules rules(RuleGroup... groups) {
    return new LoadedRules(
        List.of(
            new RuleFile(
                Path.of("rules/x.yml"),
                "rules/x.yml",
                RuleFile.Status.OK,
                List.of(),
                List.of(),
                List.of(),
                List.of(groups),
                false,
                List.of("prometheus"),
                java.time.Instant.EPOCH)));
  }

  @Test
  void everyExpressionIsPreparedOnceAcrossTicksAndAgainAfterAFailedPreparation() {
    List<String> prepares = new ArrayList<>();
    ScriptedQueries answers = new ScriptedQueries();
    answers.set("errors", 0.5, "job", "checkout");
    QueryFunction q =
        new QueryFunction() {
          @Override
          public InstantVector query(Tenant tenant, String expr, Instant time)
              throws QueryException {
            return answers.query(tenant, expr, time);
          }

          @Override
          public Prepared prepare(String expr) throws QueryException {
            prepares.add(expr);
            if (expr.equals("broken")) {
              throw new QueryException("does not parse");
            }
            return (tenant, time) -> answers.query(tenant, expr, time);
          }
        };
    List<SeriesWriter.Point> written = new ArrayList<>();
    RuleEvaluator e =
        new RuleEvaluator(
            q,
            (tenant, points) -> written.addAll(points),
            new Recorder(),
            Clock.fixed(T0, ZoneOffset.UTC),
            Duration.ofSeconds(30),
            null);
    e.update(
        T,
        rules(
            new RuleGroup(
                "g",
                Optional.empty(),
                List.of(
                    new RecordingRule("job:errors", "errors", Map.of()),
                    new RecordingRule("job:broken", "broken", Map.of())))));
    for (int tick = 0; tick < 3; tick++) {
      e.evaluateAll(T0.plusSeconds(30L * tick));
    }
    assertThat(prepares).containsExactly("errors", "broken", "broken", "broken");
    assertThat(written)
        .filteredOn(p -> p.labels().metricName().equals("job:errors"))
        .hasSize(3)
        .allMatch(p -> p.value() == 0.5);
  }

  @Test
  void alertsGoPendingFiringResolvedWithForAndKeepFiringFor() {
    ScriptedQueries q = new ScriptedQueries();
    Recorder notes = new Recorder();
    List<SeriesWriter.Point> written = new ArrayList<>();
    RuleEvaluator e =
        new RuleEvaluator(
            q,
            (tenant, points) -> written.addAll(points),
            notes,
            Clock.fixed(T0, ZoneOffset.UTC),
            Duration.ofSeconds(30),
            null);
    AlertingRule rule =
        new AlertingRule(
            "HighErrorRate",
            "errors > 0.03",
            Duration.ofMinutes(2),
            Duration.ofMinutes(1),
            Map.of("severity", "page"),
            Map.of(
                "summary", "error rate of {{ $labels.job }} is {{ $value | humanizePercentage }}"));
    e.update(T, rules(new RuleGroup("g", Optional.empty(), List.of(rule))));

    q.set("errors > 0.03", 0.05, "job", "checkout");
    e.evaluateAll(T0);
    assertThat(e.alerts(T))
        .singleElement()
        .satisfies(a -> {
          assertThat(a.state()).isEqualTo(AlertState.PENDING);
          assertThat(a.labels().toString())
              .isEqualTo("{alertname=\"HighErrorRate\", job=\"checkout\", severity=\"page\"}");
          assertThat(a.annotations().get("summary")).isEqualTo("error rate of checkout is 5%");
        });
    assertThat(notes.changed).isEmpty();
    e.evaluateAll(T0.plusSeconds(60));
    assertThat(e.alerts(T).get(0).state()).isEqualTo(AlertState.PENDING);
    e.evaluateAll(T0.plusSeconds(120));
    assertThat(e.alerts(T).get(0).state()).isEqualTo(AlertState.FIRING);
    assertThat(notes.changed).singleElement().extracting(Alert::state).isEqualTo(AlertState.FIRING);
    assertThat(written)
        .anyMatch(p ->
            p.labels().metricName().equals("ALERTS")
                && p.labels().get("alertstate").equals("firing"));

    q.answers.clear();
    e.evaluateAll(T0.plusSeconds(150)); // within keep_firing_for of the last time it held
    assertThat(e.alerts(T).get(0).state()).isEqualTo(AlertState.FIRING);
    e.evaluateAll(T0.plusSeconds(181));
    assertThat(e.alerts(T)).isEmpty();
    assertThat(notes.changed).hasSize(2);
    assertThat(notes.changed.get(1).state()).isEqualTo(AlertState.RESOLVED);
    assertThat(notes.changed.get(1).resolvedAt()).isEqualTo(T0.plusSeconds(181));
  }

  @Test
  void aFailingQueryLeavesAlertsAsTheyWere() {
    ScriptedQueries q = new ScriptedQueries();
    Recorder notes = new Recorder();
    RuleEvaluator e =
        new RuleEvaluator(
            q,
            SeriesWriter.NONE,
            notes,
            Clock.fixed(T0, ZoneOffset.UTC),
            Duration.ofSeconds(30),
            null);
    AlertingRule rule =
        new AlertingRule("Down", "up == 0", Duration.ZERO, Duration.ZERO, Map.of(), Map.of());
    e.update(T, rules(new RuleGroup("g", Optional.empty(), List.of(rule))));
    q.set("up == 0", 0, "job", "api");
    e.evaluateAll(T0);
    assertThat(e.alerts(T)).singleElement().extracting(Alert::state).isEqualTo(AlertState.FIRING);
    q.failures.put("up == 0", "storage unavailable");
    e.evaluateAll(T0.plusSeconds(30));
    assertThat(e.alerts(T)).singleElement().extracting(Alert::state).isEqualTo(AlertState.FIRING);
    assertThat(e.groups(T).get(0).lastError(rule)).isEqualTo("storage unavailable");
    assertThat(notes.changed).hasSize(1);
  }

  @Test
  void recordingRulesWriteTheirResultsUnderTheNewName() {
    ScriptedQueries q = new ScriptedQueries();
    List<SeriesWriter.Point> written = new ArrayList<>();
    RuleEvaluator e = recordingEvaluator(q, written);
    e.update(
        T,
        rules(
            new RuleGroup(
                "g",
                Optional.empty(),
                List.of(
                    new RecordingRule(
                        "job:errors:rate5m",
                        "sum by (job) (rate(errors[5m]))",
                        Map.of("tier", "1"))))));
    q.set("sum by (job) (rate(errors[5m]))", 0.25, "job", "api");
    e.evaluateAll(T0);
    assertThat(written)
        .singleElement()
        .satisfies(p -> {
          assertThat(p.labels().toString()).isEqualTo("job:errors:rate5m{job=\"api\", tier=\"1\"}");
          assertThat(p.value()).isEqualTo(0.25);
          assertThat(p.timestamp()).isEqualTo(T0.toEpochMilli());
        });
  }

  /**
   * A series a recording rule wrote and no longer writes gets one staleness marker, at the first
   * tick without it; a tick that writes the same series as the one before writes no marker, nor
   * does a failed query; a reload that keeps the rule remembers what it wrote before.
   */
  @Test
  void recordedSeriesThatVanishEndWithOneStalenessMarkerAcrossTicksAndReloads() {
    String expr = "sum by (job) (rate(errors[5m]))";
    ScriptedQueries q = new ScriptedQueries();
    List<SeriesWriter.Point> written = new ArrayList<>();
    RuleEvaluator e = recordingEvaluator(q, written);
    RuleGroup group =
        new RuleGroup(
            "g",
            Optional.empty(),
            List.of(new RecordingRule("job:errors:rate5m", expr, Map.of("tier", "1"))));
    e.update(T, rules(group));
    InstantVector.Sample api = new InstantVector.Sample(Labels.of("job", "api"), 1);
    InstantVector.Sample web = new InstantVector.Sample(Labels.of("job", "web"), 2);
    InstantVector.Sample db = new InstantVector.Sample(Labels.of("job", "db"), 3);
    java.util.function.IntFunction<List<String>> at =
        tick ->
            written.stream()
                .filter(p -> p.timestamp() == T0.plusSeconds(30L * tick).toEpochMilli())
                .map(p ->
                    p.labels().get("job")
                        + (dev.vigil.model.series.StaleMarker.isStale(p.value())
                            ? "=stale"
                            : "=" + p.value()))
                .sorted()
                .toList();

    q.answers.put(expr, new InstantVector(List.of(api, web)));
    e.evaluateAll(T0);
    q.answers.put(expr, new InstantVector(List.of(web, api))); // the same series, reordered
    e.evaluateAll(T0.plusSeconds(30));
    q.answers.put(expr, new InstantVector(List.of(api, db)));
    e.evaluateAll(T0.plusSeconds(60));
    q.failures.put(expr, "store unavailable");
    e.evaluateAll(T0.plusSeconds(90));
    q.failures.clear();
    e.update(T, rules(group)); // a reload: the group stays, with what it wrote
    q.answers.put(expr, new InstantVector(List.of(db)));
    e.evaluateAll(T0.plusSeconds(120));
    q.answers.put(expr, InstantVector.EMPTY);
    e.evaluateAll(T0.plusSeconds(150));
    e.evaluateAll(T0.plusSeconds(180));

    assertThat(at.apply(0)).containsExactly("api=1.0", "web=2.0");
    assertThat(at.apply(1)).containsExactly("api=1.0", "web=2.0");
    assertThat(at.apply(2)).containsExactly("api=1.0", "db=3.0", "web=stale");
    assertThat(at.apply(3)).isEmpty();
    assertThat(at.apply(4)).containsExactly("api=stale", "db=3.0");
    assertThat(at.apply(5)).containsExactly("db=stale");
    assertThat(at.apply(6)).isEmpty();
    assertThat(written)
        .allSatisfy(p -> assertThat(p.labels().get("tier")).isEqualTo("1"))
        .allSatisfy(p -> assertThat(p.labels().metricName()).isEqualTo("job:errors:rate5m"));
  }

  @Test
  void firingAlertsSurviveARestartWithoutBeingNotifiedAgain() {
    ScriptedQueries q = new ScriptedQueries();
    AlertingRule rule =
        new AlertingRule("Down", "up == 0", Duration.ZERO, Duration.ZERO, Map.of(), Map.of());
    Path state = dir.resolve("alerts/state");
    Recorder first = new Recorder();
    RuleEvaluator e =
        new RuleEvaluator(
            q,
            SeriesWriter.NONE,
            first,
            Clock.fixed(T0, ZoneOffset.UTC),
            Duration.ofSeconds(30),
            state);
    e.update(T, rules(new RuleGroup("g", Optional.empty(), List.of(rule))));
    q.set("up == 0", 0, "job", "api");
    e.evaluateAll(T0);
    assertThat(first.changed).hasSize(1);
    e.close();

    Recorder second = new Recorder();
    RuleEvaluator restarted =
        new RuleEvaluator(
            q,
            SeriesWriter.NONE,
            second,
            Clock.fixed(T0, ZoneOffset.UTC),
            Duration.ofSeconds(30),
            state);
    restarted.update(T, rules(new RuleGroup("g", Optional.empty(), List.of(rule))));
    assertThat(restarted.restoreState()).isEqualTo(1);
    restarted.evaluateAll(T0.plusSeconds(30));
    assertThat(second.changed).isEmpty();
    assertThat(restarted.alerts(T))
        .singleElement()
        .satisfies(a -> assertThat(a.firedAt()).isEqualTo(T0));
  }

  @Test
  void templatesExpandLabelsAndValues() {
    Labels l = Labels.of("job", "api", "sloth_slo", "availability");
    assertThat(Templates.expand("{{$labels.job}} {{ .Labels.sloth_slo }} = {{ $value }}", l, 14.5))
        .isEqualTo("api availability = 14.5");
    assertThat(Templates.expand("{{ printf \"%.2f\" $value }}", l, 0.12345)).isEqualTo("0.12");
    assertThat(Templates.expand("{{ $value | humanize }}", l, 1234567)).isEqualTo("1.235M");
    assertThat(Templates.expand("{{ .Unknown }}", l, 1))
        .startsWith("<error expanding template: error executing template __alert_: template:")
        .endsWith(
            "can't evaluate field Unknown in type struct { Labels map[string]string;"
                + " ExternalLabels map[string]string; ExternalURL string; Value float64 }>");
  }

  @Test
  void evaluationsAreCountedWithTheirCostAndThoseFinishingLateAfterTheirTick() {
    // One group answers at once, one takes longer than LATE: only the second is late.
    RuleEvaluator e = timedEvaluator(sleeping("slow", RuleEvaluator.LATE.toMillis() + 300));
    e.update(
        T,
        rules(
            new RuleGroup(
                "fast", Optional.empty(), List.of(new RecordingRule("fast:x", "fast", Map.of()))),
            new RuleGroup(
                "slow", Optional.empty(), List.of(new RecordingRule("slow:x", "slow", Map.of())))));
    // Each evaluation's tick is the moment evaluateAll reaches it.
    e.evaluateAll(Instant.now());
    long[] counts = e.evaluationCounts();
    assertThat(counts[0]).isEqualTo(2);
    assertThat(counts[1]).as("late evaluations").isEqualTo(1);
    assertThat(counts[2]).as("wall ns").isGreaterThan(RuleEvaluator.LATE.toNanos());
    // The slow one sleeps: its thread's CPU time is far below its wall time.
    assertThat(counts[3]).as("cpu ns").isPositive().isLessThan(counts[2] / 2);
  }

  @Test
  void aGroupFallingBehindItsTicksCountsAsLateEvenWhenEachEvaluationIsShort() throws Exception {
    // 0.7 s per evaluation every 0.5 s: no evaluation takes a second, but each starts later after
    // its tick than the one before, and within a few ticks finishes more than LATE after it.
    RuleEvaluator e = timedEvaluator(sleeping("slow", 700));
    e.update(
        T,
        rules(
            new RuleGroup(
                "behind",
                Optional.of(Duration.ofMillis(500)),
                List.of(new RecordingRule("behind:x", "slow", Map.of())))));
    e.start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (e.evaluationCounts()[1] == 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(e.evaluationCounts()[1]).as("late evaluations").isPositive();
      assertThat(e.evaluationCounts()[0]).isGreaterThan(e.evaluationCounts()[1]);
    } finally {
      e.close();
    }
  }
}
