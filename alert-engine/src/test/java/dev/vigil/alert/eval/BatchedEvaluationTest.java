package dev.vigil.alert.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.InstantVector;
import dev.vigil.alert.QueryException;
import dev.vigil.alert.QueryFunction;
import dev.vigil.alert.load.LoadedRules;
import dev.vigil.alert.load.RuleLoader;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.InMemorySeriesStore;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.model.series.StaleMarker;
import dev.vigil.promql.ParsedQuery;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.promql.engine.Sample;
import dev.vigil.promql.engine.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sloth SLOs evaluated through batches ({@link QueryFunction#prepareBatch}, the engine sharing each
 * selector's read over every window) must record the same series, bit for bit, and raise and
 * resolve the same alerts at the same ticks as the same rules evaluated one query at a time by the
 * plain PromQL engine. Random traffic: counters with resets, gaps, NaN and staleness markers,
 * instances that appear late and vanish early, timestamps off the scrape grid, error bursts that
 * page.
 */
class BatchedEvaluationTest {
  static final Tenant T = Tenant.DEFAULT;
  static final long STEP = 15_000;
  static final int STEPS = 4 * 240; // 4 h of scrapes

  @TempDir Path dir;

  static final String SLOS =
      """
      version: "prometheus/v1"
      service: shop
      slos:
        - name: checkout
          objective: 99.9
          sli:
            events:
              error_query: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
              total_query: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
          alerting:
            name: CheckoutErrors
            page_alert: {labels: {severity: page}}
            ticket_alert: {labels: {severity: ticket}}
        - name: search-by-region
          objective: 99
          sli:
            events:
              error_query: sum by (region) (increase(http_requests_total{job="search",code=~"5.."}[{{.window}}]))
              total_query: sum by (region) (increase(http_requests_total{job="search"}[{{.window}}]))
          alerting:
            name: SearchErrors
            page_alert: {labels: {severity: page}, min_events: 50}
            ticket_alert: {labels: {severity: ticket}}
      """;

  @ParameterizedTest
  @ValueSource(longs = {7, 11})
  void batchesRecordAndAlertExactlyAsQueriesOneByOne(long seed) throws Exception {
    Path rulesFile = dir.resolve("slos.yml");
    Files.writeString(rulesFile, SLOS);
    LoadedRules rules = RuleLoader.withDefaults().loadFiles(List.of(rulesFile), LoadedRules.EMPTY);
    assertThat(rules.hasErrors()).as(rules.problems().toString()).isFalse();

    InMemorySeriesStore aloneStore = new InMemorySeriesStore();
    InMemorySeriesStore batchStore = new InMemorySeriesStore();
    traffic(seed, aloneStore);
    traffic(seed, batchStore);

    AtomicInteger batches = new AtomicInteger();
    RuleEvaluatorTest.Recorder aloneAlerts = new RuleEvaluatorTest.Recorder();
    RuleEvaluatorTest.Recorder batchAlerts = new RuleEvaluatorTest.Recorder();
    RuleEvaluator alone =
        evaluator(
            oneByOne(new Engine(aloneStore, EngineOptions.DEFAULTS)), aloneStore, aloneAlerts);
    RuleEvaluator batched =
        evaluator(
            batching(new Engine(batchStore, EngineOptions.DEFAULTS), batches),
            batchStore,
            batchAlerts);
    alone.update(T, rules);
    batched.update(T, rules);
    // Off the scrape grid by a random few seconds, as a scheduler's ticks are.
    long offset = new Random(seed).nextInt(15_000);
    for (long t = 6_600_000 + offset; t < STEP * STEPS + 600_000; t += 60_000) {
      alone.evaluateAll(Instant.ofEpochMilli(t));
      batched.evaluateAll(Instant.ofEpochMilli(t));
    }

    assertThat(batches.get()).as("batches evaluated").isGreaterThan(100);
    List<String> recorded = dump(aloneStore);
    assertThat(recorded.size()).as("series").isGreaterThan(50);
    assertThat(dump(batchStore)).containsExactlyElementsOf(recorded);
    List<String> fired = transitions(aloneAlerts.changed);
    assertThat(fired).as("the bursts page").anyMatch(s -> s.contains("severity=\"page\""));
    assertThat(transitions(batchAlerts.changed)).containsExactlyElementsOf(fired);
  }

  /**
   * Two jobs, three regions, 3 instances × 3 codes each; a 20-minute burst of errors for checkout
   * and another for one region of search.
   */
  static void traffic(long seed, InMemorySeriesStore store) throws Exception {
    Random random = new Random(seed);
    SeriesAppender a = store.appender();
    String[] codes = {"200", "500", "503"};
    for (String job : List.of("checkout", "search")) {
      for (int region = 0; region < 3; region++) {
        for (int instance = 0; instance < 3; instance++) {
          for (String code : codes) {
            Labels labels =
                Labels.of(
                    "__name__",
                    "http_requests_total",
                    "job",
                    job,
                    "region",
                    "r" + region,
                    "instance",
                    "i" + instance,
                    "code",
                    code);
            int from = instance == 1 ? random.nextInt(STEPS) : 0;
            int to = instance == 2 ? from + random.nextInt(STEPS - from) : STEPS;
            double v = random.nextInt(1000);
            for (int i = from; i < to; i++) {
              double r = random.nextDouble();
              if (r < 0.03) {
                continue; // a missed scrape
              }
              boolean burst =
                  i >= 480
                      && i < 560
                      && (job.equals("checkout") || region == 1)
                      && !code.equals("200");
              double rate = code.equals("200") ? 100 : burst ? 40 : 0.02;
              v = r < 0.04 ? r * 100 : v + Math.floor(rate * 15 * (0.5 + random.nextDouble()));
              double sample = r > 0.997 ? StaleMarker.STALE_NAN : r > 0.995 ? Double.NaN : v;
              a.append(T, labels, STEP * i + random.nextInt(2_000), sample);
            }
            if (to < STEPS && random.nextBoolean()) {
              a.append(T, labels, STEP * to, StaleMarker.STALE_NAN);
            }
          }
        }
      }
    }
    a.commit();
  }

  private RuleEvaluator evaluator(
      QueryFunction queries, InMemorySeriesStore store, AlertNotifier notifier) {
    SeriesWriter writer =
        (tenant, points) -> {
          SeriesAppender a = store.appender();
          for (SeriesWriter.Point p : points) {
            a.append(tenant, p.labels(), p.timestamp(), p.value());
          }
          a.commit();
        };
    return new RuleEvaluator(
        queries, writer, notifier, Clock.systemUTC(), Duration.ofSeconds(30), null);
  }

  /** The plain engine, one query at a time: the default {@code prepareBatch}. */
  static QueryFunction oneByOne(Engine engine) {
    return (tenant, expr, time) -> {
      try {
        return vector(engine.instantQuery(tenant, expr, time).value());
      } catch (RuntimeException e) {
        throw new QueryException(e.getMessage(), e);
      }
    };
  }

  /** The engine with its batch ({@link Engine#instantQueries}), as the server wires it. */
  static QueryFunction batching(Engine engine, AtomicInteger batches) {
    return new QueryFunction() {
      @Override
      public InstantVector query(Tenant tenant, String expr, Instant time) throws QueryException {
        return oneByOne(engine).query(tenant, expr, time);
      }

      @Override
      public Prepared prepare(String expr) {
        return new Parsed(engine, engine.prepare(expr));
      }

      @Override
      public PreparedBatch batch(List<Prepared> prepared) {
        List<ParsedQuery> parsed = prepared.stream().map(p -> ((Parsed) p).query()).toList();
        return (tenant, time) -> {
          batches.incrementAndGet();
          List<InstantVector> out = new ArrayList<>();
          for (QueryResult r : engine.instantQueries(tenant, parsed, time.toEpochMilli())) {
            out.add(vector(r.value()));
          }
          return out;
        };
      }
    };
  }

  record Parsed(Engine engine, ParsedQuery query) implements QueryFunction.Prepared {
    @Override
    public InstantVector query(Tenant tenant, Instant time) {
      return vector(engine.instantQuery(tenant, query, time.toEpochMilli()).value());
    }
  }

  static InstantVector vector(Value v) {
    List<InstantVector.Sample> samples = new ArrayList<>();
    if (v instanceof Value.Vector vec) {
      for (Sample s : vec.samples()) {
        samples.add(new InstantVector.Sample(s.labels(), s.value()));
      }
    } else if (v instanceof Value.Scalar s) {
      samples.add(new InstantVector.Sample(Labels.EMPTY, s.value()));
    }
    return new InstantVector(samples);
  }

  /** Every series but the raw traffic, as "labels: t=bits ..." lines, in label order. */
  static List<String> dump(InMemorySeriesStore store) {
    List<String> out = new ArrayList<>();
    try (SeriesQuerier q = store.querier(T, Long.MIN_VALUE, Long.MAX_VALUE)) {
      for (Series s :
          q.select(
              List.of(
                  LabelMatcher.of(LabelMatcher.Type.NOT_EQUAL, "__name__", "http_requests_total"),
                  LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", ".+")))) {
        StringBuilder sb = new StringBuilder(s.labels().toString()).append(':');
        SampleIterator it = s.samples();
        while (it.next()) {
          sb.append(' ')
              .append(it.timestamp())
              .append('=')
              .append(Long.toHexString(Double.doubleToRawLongBits(it.value())));
        }
        out.add(sb.toString());
      }
    }
    return out;
  }

  static List<String> transitions(List<Alert> changed) {
    List<String> out = new ArrayList<>();
    for (Alert a : changed) {
      out.add(
          a.labels()
              + " "
              + a.state()
              + " "
              + a.activeAt()
              + " "
              + a.firedAt()
              + " "
              + a.resolvedAt());
    }
    return out;
  }
}
