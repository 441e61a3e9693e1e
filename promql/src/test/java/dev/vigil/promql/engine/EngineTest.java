package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.InMemorySeriesStore;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.model.series.SeriesStore;
import dev.vigil.model.series.StaleMarker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's API, limits and errors; semantics are covered by the promqltest files. */
class EngineTest {
  private static final Tenant TENANT = Tenant.DEFAULT;
  private InMemorySeriesStore store;
  private Engine engine;

  @BeforeEach
  void setUp() throws Exception {
    store = new InMemorySeriesStore();
    SeriesAppender a = store.appender();
    for (int i = 0; i <= 60; i++) {
      long t = i * 60_000L;
      a.append(
          TENANT,
          Labels.of("__name__", "http_requests_total", "job", "api", "code", "200"),
          t,
          i * 10);
      a.append(
          TENANT, Labels.of("__name__", "http_requests_total", "job", "api", "code", "500"), t, i);
      a.append(TENANT, Labels.of("__name__", "temperature", "room", "a"), t, 20);
    }
    a.commit();
    engine = new Engine(store, EngineOptions.DEFAULTS);
  }

  @Test
  void instantQueryReturnsAVectorAtTheEvaluationTime() {
    QueryResult r =
        engine.instantQuery(
            TENANT, "sum by (job) (rate(http_requests_total[5m]))", Instant.ofEpochSecond(1800));
    Value.Vector v = (Value.Vector) r.value();
    assertThat(v.samples())
        .singleElement()
        .satisfies(s -> {
          assertThat(s.labels()).isEqualTo(Labels.of("job", "api"));
          assertThat(s.timestamp()).isEqualTo(1_800_000);
          assertThat(s.value()).isCloseTo(11.0 / 60, org.assertj.core.data.Offset.offset(1e-9));
        });
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void scalarsAndStrings() {
    assertThat(engine.instantQuery(TENANT, "1 + 2 * 3", 0).value())
        .isEqualTo(new Value.Scalar(0, 7));
    assertThat(engine.instantQuery(TENANT, "\"hello\"", 5).value())
        .isEqualTo(new Value.StringValue(5, "hello"));
  }

  @Test
  void rangeQueryReturnsASortedMatrix() {
    QueryResult r =
        engine.rangeQuery(
            TENANT,
            "http_requests_total",
            Instant.EPOCH,
            Instant.ofEpochSecond(600),
            Duration.ofMinutes(5));
    Value.Matrix m = (Value.Matrix) r.value();
    assertThat(m.series()).hasSize(2);
    assertThat(m.series().get(0).labels().get("code")).isEqualTo("200");
    assertThat(m.series().get(0).size()).isEqualTo(3);
    assertThat(m.series().get(0).value(2)).isEqualTo(100);
  }

  @Test
  void rangeQueriesReadEachSelectorOnceNotOncePerStep() {
    AtomicInteger selects = new AtomicInteger();
    AtomicInteger iterators = new AtomicInteger();
    SeriesStore counting =
        (tenant, min, max) -> {
          SeriesQuerier q = store.querier(tenant, min, max);
          return new SeriesQuerier() {
            @Override
            public List<Series> select(List<LabelMatcher> matchers) {
              selects.incrementAndGet();
              return q.select(matchers).stream()
                  .<Series>map(s ->
                      new Series() {
                        @Override
                        public Labels labels() {
                          return s.labels();
                        }

                        @Override
                        public SampleIterator samples() {
                          iterators.incrementAndGet();
                          return s.samples();
                        }
                      })
                  .toList();
            }

            @Override
            public List<String> labelNames(List<LabelMatcher> m) {
              return q.labelNames(m);
            }

            @Override
            public List<String> labelValues(String n, List<LabelMatcher> m) {
              return q.labelValues(n, m);
            }

            @Override
            public void close() {
              q.close();
            }
          };
        };
    Engine e = new Engine(counting, EngineOptions.DEFAULTS);
    Value.Matrix m =
        (Value.Matrix)
            e.rangeQuery(
                    TENANT,
                    "rate(http_requests_total[5m]) / ignoring(code) group_left sum without (code) (rate(http_requests_total[5m]))",
                    0,
                    3_600_000,
                    15_000)
                .value();
    assertThat(m.series()).hasSize(2);
    // 241 steps; the first four windows hold a single sample, too few for rate().
    assertThat(m.series().get(0).size()).isEqualTo(237);
    assertThat(selects.get()).isEqualTo(2);
    assertThat(iterators.get()).isEqualTo(4);
  }

  @Test
  void parseErrorsAreBadQueries() {
    assertThatThrownBy(() -> engine.instantQuery(TENANT, "sum by (job (x)", 0))
        .isInstanceOf(BadQueryException.class)
        .hasMessageStartingWith("1:");
  }

  @Test
  void rangeQueriesRefuseBadParameters() {
    assertThatThrownBy(() -> engine.rangeQuery(TENANT, "up", 0, 1000, 0))
        .isInstanceOf(BadQueryException.class)
        .hasMessageContaining("zero or negative query resolution step");
    assertThatThrownBy(() -> engine.rangeQuery(TENANT, "up", 1000, 0, 1))
        .isInstanceOf(BadQueryException.class)
        .hasMessage("end timestamp must not be before start time");
    assertThatThrownBy(() -> engine.rangeQuery(TENANT, "up", 0, 20_000_000, 1))
        .isInstanceOf(BadQueryException.class)
        .hasMessageContaining("11,000 points");
    assertThatThrownBy(() -> engine.rangeQuery(TENANT, "up[5m]", 0, 1000, 100))
        .isInstanceOf(BadQueryException.class)
        .hasMessage(
            "invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
  }

  @Test
  void manyToManyMatchingIsAnExecutionError() {
    assertThatThrownBy(
            () -> engine.instantQuery(TENANT, "temperature + on() http_requests_total", 600_000))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessageStartingWith(
            "found duplicate series for the match group {} on the right hand-side of the operation")
        .hasMessageEndingWith(
            "many-to-many matching not allowed: matching labels must be unique on one side");
    assertThatThrownBy(() ->
            engine.instantQuery(
                TENANT,
                "http_requests_total + on(job) sum by (job) (http_requests_total)",
                600_000))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessage(
            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
  }

  @Test
  void duplicateLabelsetsAfterDroppingTheNameAreAnError() {
    assertThatThrownBy(() ->
            engine.instantQuery(
                TENANT,
                "label_replace(http_requests_total, \"code\", \"x\", \"code\", \".*\")",
                600_000))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessage("vector cannot contain metrics with the same labelset");
  }

  @Test
  void tooManySamplesFailsBeforeExhaustingMemory() {
    Engine small = new Engine(store, EngineOptions.DEFAULTS.withMaxSamples(100));
    assertThatThrownBy(() -> small.rangeQuery(TENANT, "http_requests_total", 0, 3_600_000, 60_000))
        .isInstanceOf(QueryLimitException.class)
        .hasMessageStartingWith(
            "query processing would load too many samples into memory in query execution");
    assertThat(small.instantQuery(TENANT, "temperature", 60_000).value())
        .isInstanceOf(Value.Vector.class);
  }

  @Test
  void tooManySeriesFails() {
    Engine small = new Engine(store, EngineOptions.DEFAULTS.withMaxSeries(2));
    assertThat(small.instantQuery(TENANT, "http_requests_total", 0).value())
        .isInstanceOf(Value.Vector.class);
    assertThatThrownBy(() ->
            small.instantQuery(
                TENANT, "http_requests_total + on(job, code) http_requests_total", 0))
        .isInstanceOf(QueryLimitException.class)
        .hasMessageContaining("more than 2 series");
  }

  @Test
  void anInstantSelectorCountsItsStepsNotItsRawSamples() {
    // temperature has 61 samples over the hour; at a 30 min step the query holds 3 points.
    Engine small = new Engine(store, EngineOptions.DEFAULTS.withMaxSamples(10));
    assertThat(small.rangeQuery(TENANT, "temperature", 0, 3_600_000, 1_800_000).value())
        .isInstanceOf(Value.Matrix.class);
    assertThatThrownBy(() -> small.rangeQuery(TENANT, "temperature", 0, 3_600_000, 60_000))
        .isInstanceOf(QueryLimitException.class)
        .hasMessageContaining("too many samples");
  }

  @Test
  void slowQueriesTimeOut() {
    AtomicLong now = new AtomicLong();
    InstantSource ticking = () -> Instant.ofEpochMilli(now.addAndGet(1000));
    Engine slow =
        new Engine(
            store, EngineOptions.DEFAULTS.withClock(ticking).withTimeout(Duration.ofSeconds(30)));
    assertThatThrownBy(() ->
            slow.rangeQuery(
                TENANT,
                "quantile(0.5, rate(http_requests_total[5m]))", // checks its deadline per step
                0,
                3_600_000,
                15_000))
        .isInstanceOf(QueryTimeoutException.class)
        .hasMessage("query timed out in expression evaluation");
  }

  @Test
  void interruptedQueriesStop() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> engine.instantQuery(TENANT, "up", 0))
          .isInstanceOf(QueryTimeoutException.class)
          .hasMessageContaining("canceled");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void staleMarkersEndASeriesAndLookbackIsConfigurable() throws Exception {
    SeriesAppender a = store.appender();
    Labels l = Labels.of("__name__", "job_up");
    a.append(TENANT, l, 0, 1);
    a.append(TENANT, l, 60_000, StaleMarker.STALE_NAN);
    a.commit();
    assertThat(((Value.Vector) engine.instantQuery(TENANT, "job_up", 30_000).value()).samples())
        .hasSize(1);
    assertThat(((Value.Vector) engine.instantQuery(TENANT, "job_up", 90_000).value()).samples())
        .isEmpty();
    Engine shortLookback =
        new Engine(store, EngineOptions.DEFAULTS.withLookbackDelta(Duration.ofSeconds(10)));
    assertThat(
            ((Value.Vector) shortLookback.instantQuery(TENANT, "job_up", 30_000).value()).samples())
        .isEmpty();
    // The lookback window is left-open: a sample exactly lookback old is not seen.
    assertThat(
            ((Value.Vector) shortLookback.instantQuery(TENANT, "job_up", 10_000).value()).samples())
        .isEmpty();
    assertThat(
            ((Value.Vector) shortLookback.instantQuery(TENANT, "job_up", 9_999).value()).samples())
        .hasSize(1);
  }

  @Test
  void rateOfANonCounterIsAnnotated() {
    QueryResult r = engine.instantQuery(TENANT, "rate(temperature[5m])", 600_000);
    assertThat(r.infos())
        .containsExactly(
            "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"temperature\" (1:6)");
  }

  @Test
  void experimentalFunctionsNeedTheOption() {
    assertThatThrownBy(() -> engine.instantQuery(TENANT, "mad_over_time(temperature[5m])", 0))
        .isInstanceOf(BadQueryException.class);
    Engine exp = new Engine(store, EngineOptions.DEFAULTS.withExperimentalFunctions(true));
    assertThat(
            ((Value.Vector)
                    exp.instantQuery(TENANT, "mad_over_time(temperature[5m])", 600_000).value())
                .samples())
        .singleElement()
        .extracting(Sample::value)
        .isEqualTo(0.0);
  }

  @Test
  void tenantsAreIsolated() {
    assertThat(
            ((Value.Vector) engine.instantQuery(new Tenant("other"), "temperature", 0).value())
                .samples())
        .isEmpty();
  }
}
