package dev.vigil.alert.eval;

import dev.vigil.alert.InstantVector;
import dev.vigil.alert.QueryException;
import dev.vigil.alert.QueryFunction;
import dev.vigil.alert.QueryFunctions;
import dev.vigil.alert.rules.AlertingRule;
import dev.vigil.alert.rules.RecordingRule;
import dev.vigil.alert.rules.Rule;
import dev.vigil.alert.rules.RuleGroup;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.StaleMarker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rule group of one tenant with the state of its alerts. {@link #evaluate} runs every rule in
 * order at one instant, as Prometheus does: recording rules first write their results so later
 * rules of the group see them. Not thread-safe: a group is evaluated by one thread at a time.
 */
final class GroupEvaluation {
  final Tenant tenant;
  final String file;
  final RuleGroup group;

  /**
   * Per alerting rule (by position and name: one group may hold several rules of the same alert
   * name, as Sloth's page and ticket rules): active alerts by their labels.
   */
  private final Map<String, Map<Labels, Alert>> active = new HashMap<>();

  // Per rule, by its position in the group. Arrays, not maps by a key string: with 10,000 SLOs a
  // server holds 170,000 rules, and every live object is one G1's concurrent marking visits again
  // in each cycle.

  /** The last evaluation's error, "" when it succeeded, null before the first. */
  private final String[] lastError;

  /** The last evaluation's time (one object per tick, shared by the group's rules), or null. */
  private final Instant[] lastEvaluation;

  /** Per recording rule: the series its last successful evaluation wrote; null before the first. */
  private final Set<Labels>[] recorded;

  /** When each alert's condition last held, for keep_firing_for. */
  private final Map<Labels, Instant> lastSeen = new HashMap<>();

  /**
   * Each rule's expression prepared (parsed) once by the function that evaluates it, not at every
   * tick; null until the first evaluation (and after a failure, so the next tick tries again).
   */
  private final QueryFunction.Prepared[] prepared;

  /** Each batch of rules evaluated together ({@link RuleBatches}), by the rules that are in it. */
  private final Map<List<Integer>, QueryFunction.PreparedBatch> preparedBatches = new HashMap<>();

  /** The group's rules cut into batches, computed at the first evaluation. */
  private List<List<Integer>> batches;

  private QueryFunctions preparedBy;

  private Instant lastRun;
  private Duration lastDuration = Duration.ZERO;

  private final TemplateContext templates;

  GroupEvaluation(Tenant tenant, String file, RuleGroup group, TemplateContext templates) {
    this.tenant = tenant;
    this.file = file;
    this.group = group;
    this.templates = templates;
    int n = group.rules().size();
    this.lastError = new String[n];
    this.lastEvaluation = new Instant[n];
    @SuppressWarnings("unchecked")
    Set<Labels>[] sets = new Set[n];
    this.recorded = sets;
    this.prepared = new QueryFunction.Prepared[n];
  }

  /** Runs the group at {@code now}; returns the alerts whose state changed, and those firing. */
  Outcome evaluate(Instant now, QueryFunctions queries, SeriesWriter writer) {
    long t0 = System.nanoTime();
    List<Alert> changed = new ArrayList<>();
    List<SeriesWriter.Point> points = new ArrayList<>();
    if (batches == null) {
      batches = RuleBatches.of(group.rules());
    }
    for (List<Integer> batch : batches) {
      // Each rule prepared on its own first, so a rule that does not parse fails alone; those
      // that are ready are evaluated together.
      List<Integer> ready = new ArrayList<>(batch.size());
      List<QueryFunction.Prepared> each = new ArrayList<>(batch.size());
      for (int index : batch) {
        try {
          each.add(prepared(queries, index));
          ready.add(index);
        } catch (QueryException e) {
          lastError[index] = e.getMessage();
          lastEvaluation[index] = now;
        }
      }
      List<InstantVector> together = ready.size() > 1 ? together(queries, ready, each, now) : null;
      for (int k = 0; k < ready.size(); k++) {
        int index = ready.get(k);
        Rule rule = group.rules().get(index);
        InstantVector result;
        lastEvaluation[index] = now;
        try {
          result = together != null ? together.get(k) : each.get(k).query(tenant, now);
          lastError[index] = "";
        } catch (QueryException e) {
          // A failed query leaves alerts as they were: "no data" must not resolve a page.
          lastError[index] = e.getMessage();
          continue;
        }
        apply(index, rule, result, now, writer, changed, points);
      }
    }
    writeQuietly(writer, points, -1);
    List<Alert> firing = new ArrayList<>();
    for (Map<Labels, Alert> alerts : active.values()) {
      for (Alert a : alerts.values()) {
        if (a.state() == AlertState.FIRING) {
          firing.add(a);
        }
      }
    }
    lastRun = now;
    lastDuration = Duration.ofNanos(System.nanoTime() - t0);
    return new Outcome(changed, firing);
  }

  /**
   * The rules {@code ready} evaluated together, or null when that fails: then each is evaluated on
   * its own, so each failing rule gets its own error and the others their results.
   */
  private List<InstantVector> together(
      QueryFunctions queries, List<Integer> ready, List<QueryFunction.Prepared> each, Instant now) {
    forget(queries);
    QueryFunction.PreparedBatch batch = preparedBatches.get(ready);
    if (batch == null) {
      batch = queries.of(group.rules().get(ready.get(0)).language()).batch(each);
      preparedBatches.put(List.copyOf(ready), batch);
    }
    try {
      return batch.query(tenant, now);
    } catch (QueryException e) {
      return null;
    }
  }

  private void apply(
      int index,
      Rule rule,
      InstantVector result,
      Instant now,
      SeriesWriter writer,
      List<Alert> changed,
      List<SeriesWriter.Point> points) {
    switch (rule) {
      case RecordingRule r -> record(index, r, result, now.toEpochMilli(), writer);
      case AlertingRule a -> alert(ruleKey(index, rule), a, result, now, changed, points);
    }
  }

  /**
   * Writes a recording rule's result. The set of series written is kept until the next tick, which
   * usually writes the same ones: then the kept set stays and this tick's dies young, instead of
   * living one interval (long enough for G1 to promote it: 150,000 sets with 10,000 SLOs).
   */
  private void record(
      int index, RecordingRule r, InstantVector result, long t, SeriesWriter writer) {
    List<SeriesWriter.Point> out = new ArrayList<>();
    Set<Labels> written = new HashSet<>();
    for (InstantVector.Sample s : result.samples()) {
      Labels.Builder b = s.labels().toBuilder().set(Labels.METRIC_NAME, r.record());
      r.labels().forEach(b::set);
      Labels l = b.build();
      written.add(l);
      out.add(new SeriesWriter.Point(l, t, s.value()));
    }
    Set<Labels> before = recorded[index] == null ? Set.of() : recorded[index];
    if (!written.equals(before)) {
      // A series the rule wrote last time and not now ends with a staleness marker, as in
      // Prometheus: a LogQL count without matching lines has no series at all, and its last
      // value must not linger for the 5-minute lookback of the rules reading it.
      for (Labels gone : before) {
        if (!written.contains(gone)) {
          out.add(new SeriesWriter.Point(gone, t, StaleMarker.STALE_NAN));
        }
      }
      // A compact immutable copy: a hash set of one is four objects for the collector.
      recorded[index] = Set.copyOf(written);
    }
    writeQuietly(writer, out, index);
  }

  record Outcome(List<Alert> changed, List<Alert> firing) {}

  private QueryFunction.Prepared prepared(QueryFunctions queries, int index) throws QueryException {
    forget(queries);
    QueryFunction.Prepared p = prepared[index];
    if (p == null) {
      // A failure is not kept: the next tick tries again.
      Rule rule = group.rules().get(index);
      p = queries.of(rule.language()).prepare(rule.expr());
      prepared[index] = p;
    }
    return p;
  }

  /** Drops what was prepared by another function than {@code queries}. */
  private void forget(QueryFunctions queries) {
    if (queries != preparedBy) {
      Arrays.fill(prepared, null);
      preparedBatches.clear();
      preparedBy = queries;
    }
  }

  private static String ruleKey(int index, Rule rule) {
    return index + ":" + rule.name();
  }

  private void alert(
      String key,
      AlertingRule rule,
      InstantVector result,
      Instant now,
      List<Alert> changed,
      List<SeriesWriter.Point> points) {
    Map<Labels, Alert> alerts = active.computeIfAbsent(key, k -> new LinkedHashMap<>());
    Map<Labels, Boolean> seen = new HashMap<>();
    for (InstantVector.Sample s : result.samples()) {
      // Templates see the sample's labels with __name__ when the expression kept it, as in
      // Prometheus; the alert itself never carries it.
      Labels series = s.labels();
      Labels.Builder b = series.toBuilder().remove(Labels.METRIC_NAME);
      rule.labels()
          .forEach((k, v) ->
              b.set(k, Templates.expand(rule.alert(), v, series, s.value(), templates, now)));
      b.set("alertname", rule.alert());
      Labels labels = b.build();
      Map<String, String> annotations = new LinkedHashMap<>();
      rule.annotations()
          .forEach((k, v) ->
              annotations.put(
                  k, Templates.expand(rule.alert(), v, series, s.value(), templates, now)));
      seen.put(labels, Boolean.TRUE);
      Alert previous = alerts.get(labels);
      Alert next;
      if (previous == null) {
        boolean fire = rule.forDuration().isZero();
        next =
            new Alert(
                tenant,
                group.name(),
                rule.alert(),
                labels,
                annotations,
                fire ? AlertState.FIRING : AlertState.PENDING,
                now,
                fire ? now : null,
                null,
                s.value(),
                generatorUrl(rule));
        if (fire) {
          changed.add(next);
        }
      } else {
        boolean fire =
            previous.state() == AlertState.FIRING
                || !now.isBefore(previous.activeAt().plus(rule.forDuration()));
        next =
            new Alert(
                tenant,
                group.name(),
                rule.alert(),
                labels,
                annotations,
                fire ? AlertState.FIRING : AlertState.PENDING,
                previous.activeAt(),
                fire ? (previous.firedAt() != null ? previous.firedAt() : now) : null,
                null,
                s.value(),
                previous.generatorUrl());
        if (fire && previous.state() != AlertState.FIRING) {
          changed.add(next);
        }
      }
      alerts.put(labels, next);
      lastSeen.put(labels, now);
    }
    for (var it = alerts.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (seen.containsKey(e.getKey())) {
        continue;
      }
      Alert a = e.getValue();
      Instant seenAt = lastSeen.getOrDefault(e.getKey(), a.activeAt());
      if (a.state() == AlertState.FIRING && now.isBefore(seenAt.plus(rule.keepFiringFor()))) {
        continue; // keep_firing_for: stays firing a while after the condition went away
      }
      it.remove();
      lastSeen.remove(e.getKey());
      if (a.state() == AlertState.FIRING) {
        changed.add(
            new Alert(
                tenant,
                group.name(),
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
    // Prometheus' ALERTS series: 1 for every pending or firing alert at this evaluation.
    for (Alert a : alerts.values()) {
      Labels l =
          a.labels().toBuilder()
              .set(Labels.METRIC_NAME, "ALERTS")
              .set("alertstate", a.state().label())
              .build();
      points.add(new SeriesWriter.Point(l, now.toEpochMilli(), 1));
    }
  }

  private static String generatorUrl(AlertingRule rule) {
    return "/graph?g0.expr="
        + java.net.URLEncoder.encode(rule.expr(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Writes {@code points}; a failure is the error of rule {@code index}, if one (else -1). */
  private void writeQuietly(SeriesWriter writer, List<SeriesWriter.Point> points, int index) {
    if (points.isEmpty()) {
      return;
    }
    try {
      writer.write(tenant, points);
    } catch (java.io.IOException | IllegalArgumentException e) {
      if (index >= 0) {
        lastError[index] = "writing the results failed: " + e.getMessage();
      }
    }
  }

  /** Takes over the alert state of a previous version of this group (after a reload). */
  void inherit(GroupEvaluation previous) {
    for (int i = 0; i < group.rules().size(); i++) {
      String key = ruleKey(i, group.rules().get(i));
      if (group.rules().get(i) instanceof AlertingRule && previous.active.containsKey(key)) {
        active.put(key, previous.active.get(key));
      }
      if (group.rules().get(i) instanceof RecordingRule
          && i < previous.group.rules().size()
          && key.equals(ruleKey(i, previous.group.rules().get(i)))) {
        recorded[i] = previous.recorded[i];
      }
    }
    lastSeen.putAll(previous.lastSeen);
  }

  /**
   * Restores alerts from persisted state (after a restart), so firing alerts are not re-notified.
   */
  void restore(Alert alert) {
    for (int i = 0; i < group.rules().size(); i++) {
      Rule r = group.rules().get(i);
      if (r instanceof AlertingRule a
          && a.alert().equals(alert.rule())
          && matchesStaticLabels(a, alert.labels())) {
        active
            .computeIfAbsent(ruleKey(i, r), k -> new LinkedHashMap<>())
            .put(alert.labels(), alert);
        break;
      }
    }
    lastSeen.put(alert.labels(), alert.firedAt() != null ? alert.firedAt() : alert.activeAt());
  }

  List<Alert> alerts() {
    List<Alert> out = new ArrayList<>();
    active.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  /** Whether the rule's constant labels (those without templates) are on the alert. */
  private static boolean matchesStaticLabels(AlertingRule rule, Labels labels) {
    for (var e : rule.labels().entrySet()) {
      if (!e.getValue().contains("{{") && !e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private String keyOf(Rule rule) {
    int i = group.rules().indexOf(rule);
    return ruleKey(i, rule);
  }

  private int indexOf(Rule rule) {
    return group.rules().indexOf(rule);
  }

  List<Alert> alerts(Rule rule) {
    return List.copyOf(active.getOrDefault(keyOf(rule), Map.of()).values());
  }

  String lastError(Rule rule) {
    int i = indexOf(rule);
    return i < 0 || lastError[i] == null ? "" : lastError[i];
  }

  Instant lastEvaluation(Rule rule) {
    int i = indexOf(rule);
    return i < 0 ? null : lastEvaluation[i];
  }

  Instant lastRun() {
    return lastRun;
  }

  Duration lastDuration() {
    return lastDuration;
  }

  String key() {
    return tenant.id() + "\u0000" + file + "\u0000" + group.name();
  }
}
