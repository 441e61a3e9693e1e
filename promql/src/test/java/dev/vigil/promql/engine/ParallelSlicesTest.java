package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.InMemorySeriesStore;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleBuffer;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.model.series.SeriesStore;
import dev.vigil.model.series.StaleMarker;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A range function or an instant selector whose series are split between workers ({@link
 * ParallelSlices}) must answer exactly as one thread does: the same series in the same order with
 * the same bits (so that sum, avg and topk over them fold the same), the same warnings and infos in
 * the same order, and the same failures (sample limit, timeout, a store error) with no worker left
 * reading after the query returns. Random counters and gauges with resets, gaps, NaN, infinities
 * and staleness markers, series that start late or stop early, under two metric names (one not a
 * counter's, for the info).
 */
class ParallelSlicesTest {
  private static final Tenant TENANT = Tenant.DEFAULT;
  private static final long STEP = 15_000;
  private static final int SAMPLES = 400;

  private static final List<String> CALLS =
      List.of(
          "rate(%s)",
          "increase(%s)",
          "irate(%s)",
          "delta(%s)",
          "idelta(%s)",
          "deriv(%s)",
          "avg_over_time(%s)",
          "sum_over_time(%s)",
          "count_over_time(%s)",
          "min_over_time(%s)",
          "max_over_time(%s)",
          "last_over_time(%s)",
          "stddev_over_time(%s)",
          "quantile_over_time(0.9, %s)",
          // A quantile outside [0, 1] at some steps only: the one warning must name the first.
          "quantile_over_time(time() / 3000 - 1, %s)",
          "changes(%s)",
          "resets(%s)");

  private static final List<String> MATRICES =
      List.of(
          "x_total[5m]",
          "{__name__=~\"x_total|y_bytes\"}[2m]",
          "x_total[1h] offset 7m",
          "y_bytes[5m] @ 4000",
          "{__name__=~\"x_total|y_bytes\"}[10m] @ end() offset 1m");

  private static final List<String> WRAPPERS =
      List.of("%s", "sum by (job) (%s)", "avg(%s)", "topk(3, %s)", "sum(%s) / count(%s)");

  /** Instant selectors, each evaluated at every step of a range query. */
  private static final List<String> INSTANTS =
      List.of(
          "x_total",
          "{__name__=~\"x_total|y_bytes\"}",
          "x_total offset 7m",
          "y_bytes @ 4000",
          "{__name__=~\"x_total|y_bytes\"} @ end() offset 1m",
          "timestamp({__name__=~\"x_total|y_bytes\"})",
          "timestamp(y_bytes offset 3m)");

  @ParameterizedTest
  @ValueSource(longs = {1, 2})
  void twoAndThreeWorkersGiveOneWorkersAnswer(long seed) throws IOException {
    Random random = new Random(seed);
    InMemorySeriesStore store = new InMemorySeriesStore();
    load(store, random, 300);
    Engine serial = new Engine(store, EngineOptions.DEFAULTS.withQueryWorkers(1));
    EngineOptions split = EngineOptions.DEFAULTS.withParallelMinSeriesSteps(1);
    int compared = 0;
    try (Engine two = new Engine(store, split.withQueryWorkers(2));
        Engine three = new Engine(store, split.withQueryWorkers(3))) {
      long start = 300_000 + random.nextInt(60_000);
      long end = STEP * SAMPLES + 120_000;
      long step = 20_000 + random.nextInt(40_000);
      List<String> inner = new ArrayList<>(INSTANTS);
      for (String call : CALLS) {
        for (String matrix : MATRICES) {
          inner.add(String.format(call, matrix));
        }
      }
      for (String expr : inner) {
        for (String wrapper : WRAPPERS) {
          String query = wrapper.replace("%s", expr);
          QueryResult want = serial.rangeQuery(TENANT, query, start, end, step);
          compared += assertSame(query, two.rangeQuery(TENANT, query, start, end, step), want);
          assertSame(query, three.rangeQuery(TENANT, query, start, end, step), want);
        }
      }
    }
    assertThat(compared).isGreaterThan(100_000);
  }

  @ParameterizedTest
  @CsvSource({
    "4, 'sum(rate({__name__=~\"x_total|y_bytes\"}[5m]))'",
    "5, 'sum(rate({__name__=~\"x_total|y_bytes\"}[5m]))'",
    "4, 'count({__name__=~\"x_total|y_bytes\"})'",
    "5, 'sum by (job) (x_total offset 1m)'"
  })
  void theSampleLimitFailsAtTheSameBudgetWithTwoWorkers(long seed, String query)
      throws IOException {
    InMemorySeriesStore store = new InMemorySeriesStore();
    load(store, new Random(seed), 300);
    long start = 600_000;
    long end = STEP * SAMPLES;
    // The budget the query needs, found by bisection on one worker.
    long lo = 1;
    long hi = 10_000_000;
    while (lo < hi) {
      long mid = (lo + hi) / 2;
      Engine e = new Engine(store, EngineOptions.DEFAULTS.withQueryWorkers(1).withMaxSamples(mid));
      try {
        e.rangeQuery(TENANT, query, start, end, 60_000);
        hi = mid;
      } catch (QueryLimitException x) {
        lo = mid + 1;
      }
    }
    long needed = lo;
    assertThat(needed).isGreaterThan(10_000);
    for (long limit : new long[] {needed, needed - 1, needed / 2, 100}) {
      EngineOptions options = EngineOptions.DEFAULTS.withMaxSamples(limit);
      Engine serial = new Engine(store, options.withQueryWorkers(1));
      String serialOutcome = outcome(serial, query, start, end);
      try (Engine two =
          new Engine(store, options.withQueryWorkers(2).withParallelMinSeriesSteps(1))) {
        for (int run = 0; run < 5; run++) {
          assertThat(outcome(two, query, start, end))
              .as("limit %d", limit)
              .isEqualTo(serialOutcome);
        }
      }
      assertThat(serialOutcome)
          .startsWith(limit >= needed ? "ok" : QueryLimitException.class.getSimpleName());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sum(rate(x_total[5m]))", "count(x_total)"})
  void theTimeoutFailsTheSameWithTwoWorkers(String query) throws IOException {
    InMemorySeriesStore store = new InMemorySeriesStore();
    load(store, new Random(6), 300);
    for (int workers = 1; workers <= 2; workers++) {
      // Each look at the clock moves it on by a second: the 30 s timeout passes mid-selector.
      AtomicLong now = new AtomicLong();
      InstantSource ticking = () -> Instant.ofEpochMilli(now.getAndAdd(1_000));
      EngineOptions options =
          EngineOptions.DEFAULTS
              .withClock(ticking)
              .withTimeout(Duration.ofSeconds(30))
              .withQueryWorkers(workers)
              .withParallelMinSeriesSteps(1);
      try (Engine e = new Engine(store, options)) {
        assertThatThrownBy(() -> e.rangeQuery(TENANT, query, 600_000, STEP * SAMPLES, 60_000))
            .isInstanceOf(QueryTimeoutException.class)
            .hasMessage("query timed out in expression evaluation");
      }
    }
  }

  @Test
  void anInterruptedQueryIsCanceledAndItsWorkersStop() throws Exception {
    InMemorySeriesStore store = new InMemorySeriesStore();
    load(store, new Random(10), 400);
    ReadWatchingStore slow = new ReadWatchingStore(store, -1);
    slow.pauseMillis = 2; // 320 series: about 0.3 s on two workers
    try (Engine two = new Engine(slow, EngineOptions.DEFAULTS.withQueryWorkers(2))) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicBoolean stillInterrupted = new AtomicBoolean();
      Thread query =
          new Thread(() -> {
            try {
              two.rangeQuery(TENANT, "sum(rate(x_total[5m]))", 600_000, 6_000_000, 60_000);
            } catch (Throwable t) {
              thrown.set(t);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
          });
      query.start();
      while (slow.reads.get() < 20) {
        Thread.onSpinWait();
      }
      query.interrupt();
      query.join(10_000);
      assertThat(query.isAlive()).isFalse();
      assertThat(thrown.get())
          .isInstanceOf(QueryTimeoutException.class)
          .hasMessage("query was canceled in expression evaluation");
      assertThat(stillInterrupted).isTrue();
      assertThat(slow.reading.get()).as("reads still running after the query").isZero();
      assertThat(slow.reads.get()).isLessThan(320);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sum(rate(x_total[5m]))", "avg(x_total)"})
  void aStoreErrorInAWorkerIsThrownAsOnOneThreadAndNoWorkerReadsAfterwards(String query)
      throws IOException {
    InMemorySeriesStore store = new InMemorySeriesStore();
    load(store, new Random(7), 300);
    // The 200th series fails to read: a slice in the middle, on whichever worker takes it.
    ReadWatchingStore failing = new ReadWatchingStore(store, 200);
    String serialOutcome =
        outcome(
            new Engine(failing, EngineOptions.DEFAULTS.withQueryWorkers(1)),
            query,
            600_000,
            STEP * SAMPLES);
    assertThat(serialOutcome).startsWith("CorruptRead: corrupt chunk");
    try (Engine two =
        new Engine(
            failing, EngineOptions.DEFAULTS.withQueryWorkers(2).withParallelMinSeriesSteps(1))) {
      for (int run = 0; run < 20; run++) {
        assertThat(outcome(two, query, 600_000, STEP * SAMPLES)).isEqualTo(serialOutcome);
        assertThat(failing.reading.get()).as("reads still running after the query").isZero();
      }
      long reads = failing.reads.get();
      sleep(50);
      assertThat(failing.reads.get()).as("reads after the queries returned").isEqualTo(reads);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sum(rate(x_total[5m]))", "sum(x_total)"})
  void theSeriesAreReadOnTheHelperThreadToo(String query) throws IOException {
    InMemorySeriesStore store = new InMemorySeriesStore();
    load(store, new Random(8), 400);
    // Slow reads, so that the helper starts before the query's thread has taken every slice.
    ReadWatchingStore slow = new ReadWatchingStore(store, -1);
    slow.pauseMillis = 1;
    try (Engine two = new Engine(slow, EngineOptions.DEFAULTS.withQueryWorkers(2))) {
      QueryResult r = two.rangeQuery(TENANT, query, 600_000, 6_000_000, 60_000);
      assertThat(((Value.Matrix) r.value()).series()).hasSize(1);
    }
    assertThat(slow.threads).anyMatch(name -> name.startsWith("vigil-promql-worker-"));
    assertThat(slow.threads).anyMatch(name -> !name.startsWith("vigil-promql-worker-"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sum(rate(x_total[5m]))", "sum(x_total)"})
  void fewSeriesStayOnTheQuerysThread(String query) throws IOException {
    InMemorySeriesStore store = new InMemorySeriesStore();
    load(store, new Random(9), 100);
    ReadWatchingStore watched = new ReadWatchingStore(store, -1);
    try (Engine e = new Engine(watched, EngineOptions.DEFAULTS.withQueryWorkers(2))) {
      e.rangeQuery(TENANT, query, 600_000, 6_000_000, 60_000);
    }
    assertThat(watched.threads).containsExactly(Thread.currentThread().getName());
  }

  /** "ok" with the result's size, or the failure's type and message. */
  static String outcome(Engine e, String query, long start, long end) {
    try {
      QueryResult r = e.rangeQuery(TENANT, query, start, end, 60_000);
      return "ok " + ((Value.Matrix) r.value()).series().size();
    } catch (RuntimeException x) {
      return x.getClass().getSimpleName() + ": " + x.getMessage();
    }
  }

  /**
   * Asserts {@code got} equals {@code want} to the bit, every NaN counting as one: which NaN an
   * operation yields (Inf - Inf gives x86's negative NaN; of two NaN operands an addition passes on
   * the one the compiled code puts first) changes with the JIT tier even on one thread, where 3,000
   * runs of {@code avg(rate(x[5m]))} over series holding infinities gave four raw-bit answers.
   * Returns how many points it compared.
   */
  static int assertSame(String query, QueryResult got, QueryResult want) {
    assertThat(got.warnings()).as(query).isEqualTo(want.warnings());
    assertThat(got.infos()).as(query).isEqualTo(want.infos());
    List<RangeSeries> g = ((Value.Matrix) got.value()).series();
    List<RangeSeries> w = ((Value.Matrix) want.value()).series();
    assertThat(g.size()).as(query).isEqualTo(w.size());
    int compared = 0;
    for (int i = 0; i < w.size(); i++) {
      RangeSeries a = g.get(i);
      RangeSeries b = w.get(i);
      assertThat(a.labels()).as(query).isEqualTo(b.labels());
      assertThat(a.size()).as("%s %s", query, b.labels()).isEqualTo(b.size());
      for (int j = 0; j < b.size(); j++) {
        assertThat(a.timestamp(j)).isEqualTo(b.timestamp(j));
        assertThat(Double.doubleToLongBits(a.value(j)))
            .as("%s %s at %d: %s vs %s", query, b.labels(), b.timestamp(j), a.value(j), b.value(j))
            .isEqualTo(Double.doubleToLongBits(b.value(j)));
        compared++;
      }
    }
    return compared;
  }

  static void load(InMemorySeriesStore store, Random random, int seriesCount) throws IOException {
    SeriesAppender a = store.appender();
    for (int series = 0; series < seriesCount; series++) {
      boolean gauge = series % 5 == 4;
      Labels labels =
          Labels.of(
              "__name__",
              gauge ? "y_bytes" : "x_total",
              "job",
              "j" + (series % 7),
              "i",
              String.format("%03d", series));
      // The first series of each name starts late: which series warns first depends on it.
      int from = series % 4 == 1 || series < 5 ? random.nextInt(SAMPLES) : 0;
      int to = series % 4 == 2 ? from + random.nextInt(SAMPLES - from) : SAMPLES;
      double v = random.nextDouble() * 100;
      for (int i = from; i < to; i++) {
        double r = random.nextDouble();
        if (r < 0.05 || (r < 0.3 && series % 11 == 3)) {
          continue; // a gap, long ones in some series
        }
        v = r < 0.07 ? r * 5 : v + random.nextDouble() * 10; // counter resets now and then
        double sample =
            r > 0.995
                ? StaleMarker.STALE_NAN
                : r > 0.993 ? Double.NaN : r > 0.992 ? Double.POSITIVE_INFINITY : v;
        a.append(TENANT, labels, STEP * i + random.nextInt(3_000), sample);
      }
    }
    a.commit();
  }

  /** Sleeps like a slow read; an interrupt ends it early and stays set for the engine to see. */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** What a store throws for a chunk that does not decode. */
  private static final class CorruptRead extends RuntimeException {
    CorruptRead(String message) {
      super(message);
    }
  }

  /**
   * A store whose series note who reads them and how many reads are under way, and of which the
   * {@code failAt}-th series selected (0-based; -1: none) fails as a corrupt chunk would.
   */
  private static final class ReadWatchingStore implements SeriesStore {
    private final SeriesStore store;
    private final int failAt;
    final AtomicInteger reading = new AtomicInteger();
    final AtomicLong reads = new AtomicLong();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    volatile long pauseMillis;

    ReadWatchingStore(SeriesStore store, int failAt) {
      this.store = store;
      this.failAt = failAt;
    }

    @Override
    public SeriesQuerier querier(Tenant tenant, long minTime, long maxTime) {
      SeriesQuerier q = store.querier(tenant, minTime, maxTime);
      return new SeriesQuerier() {
        @Override
        public List<Series> select(List<LabelMatcher> matchers) {
          List<Series> out = new ArrayList<>();
          for (Series s : q.select(matchers)) {
            out.add(new Watched(s, out.size() == failAt));
          }
          return out;
        }

        @Override
        public List<String> labelNames(List<LabelMatcher> matchers) {
          return q.labelNames(matchers);
        }

        @Override
        public List<String> labelValues(String name, List<LabelMatcher> matchers) {
          return q.labelValues(name, matchers);
        }

        @Override
        public void close() {
          q.close();
        }
      };
    }

    private final class Watched implements Series {
      private final Series series;
      private final boolean fails;

      Watched(Series series, boolean fails) {
        this.series = series;
        this.fails = fails;
      }

      @Override
      public Labels labels() {
        return series.labels();
      }

      @Override
      public SampleIterator samples() {
        return series.samples();
      }

      @Override
      public void appendSamples(long minT, long maxT, SampleBuffer out) {
        reading.incrementAndGet();
        reads.incrementAndGet();
        threads.add(Thread.currentThread().getName());
        try {
          if (pauseMillis > 0) {
            pause(pauseMillis);
          }
          if (fails) {
            throw new CorruptRead("corrupt chunk in " + series.labels());
          }
          series.appendSamples(minT, maxT, out);
        } finally {
          reading.decrementAndGet();
        }
      }
    }
  }
}
