package dev.vigil.alert.unittest;

import dev.vigil.alert.InstantVector;
import dev.vigil.alert.QueryException;
import dev.vigil.alert.QueryFunction;
import dev.vigil.alert.eval.Alert;
import dev.vigil.alert.eval.AlertNotifier;
import dev.vigil.alert.eval.AlertState;
import dev.vigil.alert.eval.RuleEvaluator;
import dev.vigil.alert.eval.SeriesWriter;
import dev.vigil.alert.eval.TemplateContext;
import dev.vigil.alert.load.LoadedRules;
import dev.vigil.alert.load.Problem;
import dev.vigil.alert.load.RuleLoader;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.InMemorySeriesStore;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesStore;
import dev.vigil.model.series.StaleMarker;
import dev.vigil.promql.ast.DurationSyntax;
import dev.vigil.promql.promqltest.SampleValue;
import dev.vigil.promql.promqltest.SeriesLine;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code vigil rules test FILE…}: runs rule unit tests in {@code promtool test rules}' format, so
 * test files written for promtool run unchanged. Per test group, the input series are loaded into a
 * fresh in-memory store, every rule group is evaluated by Vigil's {@link RuleEvaluator} at every
 * {@code evaluation_interval} from 0 to the last {@code eval_time} (recording rules feeding later
 * rules, {@code for} and {@code keep_firing_for} as in production), firing alerts are compared at
 * each {@code alert_rule_test}'s time and expressions at theirs. Output has promtool's shape; exit
 * code 1 when any test fails, 2 when no file is named. SLO files (Sloth, OpenSLO) may be listed in
 * {@code rule_files} too: their generated rules are what is tested.
 */
public final class RulesUnitTest {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  private static final Tenant TENANT = Tenant.DEFAULT;

  private final RuleLoader loader;
  private final Function<SeriesStore, QueryFunction> engine;

  /**
   * @param engine makes the PromQL query function over a test's store
   */
  public RulesUnitTest(RuleLoader loader, Function<SeriesStore, QueryFunction> engine) {
    this.loader = loader;
    this.engine = engine;
  }

  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.println("usage: vigil rules test FILE...");
      return USAGE;
    }
    boolean failed = false;
    for (String a : args) {
      out.println("Unit Testing:  " + a);
      List<String> errors = testFile(a);
      if (errors.isEmpty()) {
        out.println("  SUCCESS");
      } else {
        failed = true;
        err.println("  FAILED:");
        errors.forEach(e -> err.println(e));
      }
      out.println();
    }
    return failed ? FAILED : OK;
  }

  private List<String> testFile(String name) {
    Path path = Path.of(name);
    if (!Files.isRegularFile(path)) {
      return List.of(name + ": no such file");
    }
    TestFile file;
    try {
      file = new TestFileReader(name).read(path);
    } catch (TestFileReader.Invalid e) {
      return List.of(e.getMessage());
    }
    List<String> errors = new ArrayList<>();
    for (Path rf : file.ruleFiles()) {
      if (!Files.isRegularFile(rf)) {
        errors.add(name + ": rule_files: " + rf + ": no such file");
      }
    }
    if (!errors.isEmpty()) {
      return errors;
    }
    LoadedRules rules = loader.loadFiles(file.ruleFiles(), LoadedRules.EMPTY);
    for (Problem p : rules.problems()) {
      errors.add(p.toString());
    }
    for (String group : file.groupEvalOrder()) {
      if (rules.groups().stream().noneMatch(g -> g.name().equals(group))) {
        // As promtool: every group named in the order must exist.
        errors.add(name + ": group_eval_order: group '" + group + "' is in no rule file");
      }
    }
    if (!errors.isEmpty()) {
      return errors;
    }
    for (int i = 0; i < file.tests().size(); i++) {
      TestFile.TestGroup g = file.tests().get(i);
      String label = g.name().isEmpty() ? "tests[" + i + "]" : g.name();
      for (String e : runGroup(file, g, rules)) {
        errors.add("    " + label + ": " + e);
      }
    }
    return errors;
  }

  private List<String> runGroup(TestFile file, TestFile.TestGroup g, LoadedRules rules) {
    InMemorySeriesStore store = new InMemorySeriesStore();
    SeriesAppender appender = store.appender();
    long step = g.interval().toMillis();
    for (SeriesLine s : g.inputSeries()) {
      Labels labels = Labels.of(s.labels());
      for (int i = 0; i < s.values().size(); i++) {
        switch (s.values().get(i)) {
          case SampleValue.Number n -> appender.append(TENANT, labels, i * step, n.value());
          case SampleValue.Stale st ->
              appender.append(TENANT, labels, i * step, StaleMarker.STALE_NAN);
          case SampleValue.Omitted o -> {}
          case SampleValue.Unsupported u ->
              throw new IllegalArgumentException(u.reason() + ": " + u.text());
        }
      }
    }
    commit(appender);
    QueryFunction query = engine.apply(store);
    SeriesWriter writer =
        (tenant, points) -> {
          SeriesAppender a = store.appender();
          for (SeriesWriter.Point p : points) {
            a.append(tenant, p.labels(), p.timestamp(), p.value());
          }
          a.commit();
        };
    Duration eval = file.evaluationInterval();
    List<String> errors = new ArrayList<>();
    List<TestFile.AlertTest> alertTests = new ArrayList<>(g.alertTests());
    alertTests.sort(Comparator.comparing(TestFile.AlertTest::evalTime));
    Duration max = Duration.ZERO;
    for (TestFile.AlertTest t : alertTests) {
      max = t.evalTime().compareTo(max) > 0 ? t.evalTime() : max;
    }
    for (TestFile.ExprTest t : g.exprTests()) {
      max = t.evalTime().compareTo(max) > 0 ? t.evalTime() : max;
    }
    try (RuleEvaluator evaluator =
        new RuleEvaluator(
            query,
            writer,
            AlertNotifier.NONE,
            Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
            eval,
            null)) {
      evaluator.templateContext(
          new TemplateContext(
              g.externalUrl(),
              Labels.of(g.externalLabels()),
              (expr, time) -> query.query(TENANT, expr, time).samples()));
      evaluator.update(TENANT, rules);
      int next = 0;
      for (long t = 0; t <= max.toMillis(); t += eval.toMillis()) {
        evaluator.evaluateAll(Instant.ofEpochMilli(t), file.groupEvalOrder());
        // As promtool: an alert test is checked after the evaluation at or just before its time.
        while (next < alertTests.size()
            && alertTests.get(next).evalTime().toMillis() < t + eval.toMillis()) {
          checkAlerts(alertTests.get(next++), evaluator.alerts(TENANT), errors);
        }
      }
    }
    for (TestFile.ExprTest t : g.exprTests()) {
      checkExpr(t, query, errors);
    }
    return errors;
  }

  private static void commit(SeriesAppender a) {
    try {
      a.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void checkAlerts(TestFile.AlertTest t, List<Alert> alerts, List<String> errors) {
    List<String> got = new ArrayList<>();
    for (Alert a : alerts) {
      if (a.state() == AlertState.FIRING && a.labels().get("alertname").equals(t.alertname())) {
        got.add(describe(a.labels().toMap(), a.annotations()));
      }
    }
    List<String> exp = new ArrayList<>();
    for (TestFile.ExpectedAlert e : t.expAlerts()) {
      Map<String, String> labels = new TreeMap<>(e.labels());
      labels.put("alertname", t.alertname());
      exp.add(describe(labels, e.annotations()));
    }
    got.sort(null);
    exp.sort(null);
    if (!got.equals(exp)) {
      errors.add(
          "alertname: "
              + t.alertname()
              + ", time: "
              + DurationSyntax.format(t.evalTime())
              + ",\n        exp:"
              + list(exp)
              + ",\n        got:"
              + list(got));
    }
  }

  private static void checkExpr(TestFile.ExprTest t, QueryFunction q, List<String> errors) {
    InstantVector v;
    try {
      v = q.query(TENANT, t.expr(), Instant.ofEpochMilli(t.evalTime().toMillis()));
    } catch (QueryException e) {
      errors.add(
          "expr: \""
              + t.expr()
              + "\", time: "
              + DurationSyntax.format(t.evalTime())
              + ", err: "
              + e.getMessage());
      return;
    }
    List<InstantVector.Sample> got = new ArrayList<>(v.samples());
    got.sort(Comparator.comparing(InstantVector.Sample::labels));
    List<TestFile.ExpectedSample> exp = new ArrayList<>(t.expSamples());
    exp.sort(Comparator.comparing(s -> Labels.of(s.labels())));
    boolean same = got.size() == exp.size();
    for (int i = 0; same && i < got.size(); i++) {
      same =
          got.get(i).labels().equals(Labels.of(exp.get(i).labels()))
              && close(got.get(i).value(), exp.get(i).value());
    }
    if (!same) {
      errors.add(
          "expr: \""
              + t.expr()
              + "\", time: "
              + DurationSyntax.format(t.evalTime())
              + ",\n        exp: "
              + exp.stream().map(s -> Labels.of(s.labels()) + " " + s.value()).toList()
              + "\n        got: "
              + got.stream().map(s -> s.labels() + " " + s.value()).toList());
    }
  }

  /** Equal, or within a relative 1e-9 (floating-point sums differ in the last bits by order). */
  static boolean close(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    return a == b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }

  private static String describe(Map<String, String> labels, Map<String, String> annotations) {
    return "\n            Labels:"
        + Labels.of(labels)
        + "\n            Annotations:"
        + Labels.of(annotations);
  }

  private static String list(List<String> items) {
    if (items.isEmpty()) {
      return "[]";
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      sb.append("\n            ").append(i).append(':').append(items.get(i));
    }
    return sb.append("\n        ]").toString();
  }
}
