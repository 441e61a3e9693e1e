package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.InMemorySeriesStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An aggregation whose input streams into its fold series by series ({@link
 * Evaluator#evalOrStream}, {@link ColumnarFold.Streamed}) must answer exactly as one over the held
 * input: the same groups in the same order with the same bits, the same warnings and infos, the
 * same failures at the same sample limit; on one thread and split between workers, in slices small
 * enough that the query's thread folds some before the workers are done; and with a cell budget too
 * small for the groups, the input held as before.
 */
class StreamedAggregationTest {
  private static final Tenant TENANT = Tenant.DEFAULT;
  private static final long STEP = 15_000;
  private static final int SAMPLES = 400;

  private static final List<String> OPS =
      List.of("sum", "avg", "count", "min", "max", "group", "stddev", "stdvar");

  private static final List<String> GROUPINGS =
      List.of("", " by (job)", " without (i)", " by (__name__)", " without (job, i)", " by (i)");

  private static final List<String> INPUTS =
      List.of(
          "x_total",
          "{__name__=~\"x_total|y_bytes\"}",
          "(y_bytes offset 3m)",
          "x_total @ 4000",
          "rate(x_total[5m])",
          "rate({__name__=~\"x_total|y_bytes\"}[2m])",
          "increase(x_total[1h] offset 7m)",
          "max_over_time(y_bytes[10m] @ end())",
          "quantile_over_time(time() / 3000 - 1, {__name__=~\"x_total|y_bytes\"}[5m])",
          "last_over_time(x_total[5m])",
          "changes(y_bytes[5m])");

  @ParameterizedTest
  @ValueSource(longs = {1, 2})
  void streamedFoldsAnswerAsHeldOnes(long seed) throws IOException {
    Random random = new Random(seed);
    InMemorySeriesStore store = new InMemorySeriesStore();
    ParallelSlicesTest.load(store, random, 300);
    EngineOptions held = EngineOptions.DEFAULTS.withStreamMaxCells(0);
    EngineOptions streamed = EngineOptions.DEFAULTS;
    long start = 300_000 + random.nextInt(60_000);
    long end = STEP * SAMPLES + 120_000;
    long step = 20_000 + random.nextInt(40_000);
    int compared = 0;
    int failures = 0;
    try (Engine heldOne = new Engine(store, held.withQueryWorkers(1));
        Engine streamedOne = new Engine(store, streamed.withQueryWorkers(1));
        Engine streamedTwo =
            new Engine(store, streamed.withQueryWorkers(2).withParallelMinSeriesSteps(1));
        Engine streamedThree =
            new Engine(store, streamed.withQueryWorkers(3).withParallelMinSeriesSteps(1));
        // Room for two groups only: a grouping with more is held, one with fewer streams.
        Engine tight =
            new Engine(
                store,
                streamed
                    .withStreamMaxCells(2 * (int) ((end - start) / step + 1))
                    .withQueryWorkers(2)
                    .withParallelMinSeriesSteps(1))) {
      for (String op : OPS) {
        for (String grouping : GROUPINGS) {
          for (String input : INPUTS) {
            String query = op + grouping + " (" + input + ")";
            QueryResult want;
            try {
              want = heldOne.rangeQuery(TENANT, query, start, end, step);
            } catch (QueryExecutionException failure) {
              // Groups that lose their name collide (by (__name__) over rate): the same error.
              for (Engine e : List.of(streamedOne, streamedTwo, streamedThree, tight)) {
                assertThatThrownBy(() -> e.rangeQuery(TENANT, query, start, end, step))
                    .as(query)
                    .isInstanceOf(QueryExecutionException.class)
                    .hasMessage(failure.getMessage());
                failures++;
              }
              continue;
            }
            for (Engine e : List.of(streamedOne, streamedTwo, streamedThree, tight)) {
              compared +=
                  ParallelSlicesTest.assertSame(
                      query, e.rangeQuery(TENANT, query, start, end, step), want);
            }
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(500_000);
    assertThat(failures).isLessThan(compared / 1000);
  }

  /**
   * At a single instant, a range function over a plain selector is folded from the store's facts
   * and streams into the aggregation too (the shape of every SLO rule): the same answers as the
   * held input, alone and in a batch of instant queries, which shares the folds.
   */
  @ParameterizedTest
  @ValueSource(longs = {3, 4})
  void instantFoldsOfFactsAnswerAsHeldOnes(long seed) throws IOException {
    Random random = new Random(seed);
    InMemorySeriesStore store = new InMemorySeriesStore();
    ParallelSlicesTest.load(store, random, 200);
    List<String> inputs =
        List.of(
            "rate(x_total[5m])",
            "rate({__name__=~\"x_total|y_bytes\"}[2m])",
            "increase(x_total[1h] offset 7m)",
            "increase(x_total[30m] @ 3000)",
            "count_over_time(y_bytes[10m])",
            "last_over_time(x_total[5m])",
            "delta(y_bytes[20m])",
            "present_over_time(x_total[3m])");
    int compared = 0;
    try (Engine held = new Engine(store, EngineOptions.DEFAULTS.withStreamMaxCells(0));
        Engine streamed = new Engine(store, EngineOptions.DEFAULTS)) {
      for (int k = 0; k < 6; k++) {
        long t = 600_000 + random.nextLong(STEP * SAMPLES - 600_000);
        List<String> batch = new ArrayList<>();
        for (String op : OPS) {
          for (String grouping : GROUPINGS) {
            for (String input : inputs) {
              String query = op + grouping + " (" + input + ")";
              String want = instantOutcome(held, query, t);
              assertThat(instantOutcome(streamed, query, t)).as(query + " at " + t).isEqualTo(want);
              compared++;
              if (want.startsWith("ok")) {
                batch.add(query);
              }
            }
          }
        }
        List<QueryResult> together =
            streamed.instantQueries(
                TENANT, batch.stream().map(dev.vigil.promql.PromQL::parse).toList(), t);
        for (int i = 0; i < batch.size(); i++) {
          assertThat("ok " + describe(together.get(i)))
              .as(batch.get(i) + " in a batch at " + t)
              .isEqualTo(instantOutcome(held, batch.get(i), t));
        }
        assertThat(batch.size()).isGreaterThan(compared / (k + 1) / 2 - 1);
      }
    }
    assertThat(compared).isEqualTo(6 * OPS.size() * GROUPINGS.size() * inputs.size());
  }

  /** "ok" and every sample's labels and bits (NaN as one), or the failure's type and message. */
  private static String instantOutcome(Engine e, String query, long t) {
    try {
      return "ok " + describe(e.instantQuery(TENANT, query, t));
    } catch (RuntimeException x) {
      return x.getClass().getSimpleName() + ": " + x.getMessage();
    }
  }

  private static String describe(QueryResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append(r.warnings()).append(r.infos());
    for (Sample s : ((Value.Vector) r.value()).samples()) {
      sb.append('\n')
          .append(s.labels())
          .append(' ')
          .append(s.timestamp())
          .append(' ')
          .append(Long.toHexString(Double.doubleToLongBits(s.value())));
    }
    return sb.toString();
  }

  @Test
  void streamingHoldsAFewSlicesNotTheWholeInput() throws IOException {
    // 700 series in slices: the query's thread folds while the workers read, and
    // the sample limit still counts every streamed point as a held input would.
    InMemorySeriesStore store = new InMemorySeriesStore();
    ParallelSlicesTest.load(store, new Random(3), 700);
    List<String> outcomes = new ArrayList<>();
    for (long limit : new long[] {10_000, 100_000, 1_000_000}) {
      for (EngineOptions o :
          List.of(
              EngineOptions.DEFAULTS.withStreamMaxCells(0).withQueryWorkers(1),
              EngineOptions.DEFAULTS.withQueryWorkers(1),
              EngineOptions.DEFAULTS.withQueryWorkers(2).withParallelMinSeriesSteps(1))) {
        try (Engine e = new Engine(store, o.withMaxSamples(limit))) {
          outcomes.add(
              limit
                  + " "
                  + ParallelSlicesTest.outcome(
                      e, "sum by (job) (rate(x_total[5m]))", 600_000, STEP * SAMPLES)
                  + " / "
                  + ParallelSlicesTest.outcome(e, "count(y_bytes)", 600_000, STEP * SAMPLES));
        }
      }
    }
    for (int i = 0; i < outcomes.size(); i += 3) {
      assertThat(outcomes.get(i + 1)).isEqualTo(outcomes.get(i));
      assertThat(outcomes.get(i + 2)).isEqualTo(outcomes.get(i));
    }
    assertThat(outcomes.get(0)).contains(QueryLimitException.class.getSimpleName());
    assertThat(outcomes.get(outcomes.size() - 1)).startsWith("1000000 ok 7 / ok 1");
  }
}
