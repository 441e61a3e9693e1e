package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.InMemorySeriesStore;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleBuffer;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.model.series.SeriesStore;
import dev.vigil.model.series.StaleMarker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@code count} and {@code group} of an instant selector, and {@code timestamp()}, ask the store
 * for presence alone ({@link Series#appendPresence}): given a store that answers it with every
 * value but the staleness markers scrambled, as a store skipping values may, they answer as over
 * the values, on one and two workers, streamed and held; and every other query reads values.
 */
class PresenceReadsTest {
  private static final Tenant TENANT = Tenant.DEFAULT;
  private static final long STEP = 15_000;
  private static final int SAMPLES = 400;

  @Test
  void presenceReadsAnswerAsValueReads() throws IOException {
    InMemorySeriesStore store = new InMemorySeriesStore();
    ParallelSlicesTest.load(store, new Random(11), 300);
    ScramblingStore scrambling = new ScramblingStore(store);
    List<String> presence =
        List.of(
            "count(x_total)",
            "count by (job) ({__name__=~\"x_total|y_bytes\"})",
            "group without (i) (y_bytes offset 3m)",
            "count(x_total @ 4000)",
            "timestamp({__name__=~\"x_total|y_bytes\"})",
            "max(timestamp(y_bytes))");
    List<String> values =
        List.of(
            "sum(x_total)",
            "avg by (job) (y_bytes)",
            "max(x_total)",
            "x_total",
            "count(rate(x_total[5m]))",
            "count(x_total > 50)");
    long start = 300_000;
    long end = STEP * SAMPLES + 120_000;
    for (EngineOptions o :
        List.of(
            EngineOptions.DEFAULTS.withQueryWorkers(1),
            EngineOptions.DEFAULTS.withQueryWorkers(2).withParallelMinSeriesSteps(1),
            EngineOptions.DEFAULTS.withStreamMaxCells(1).withQueryWorkers(1))) {
      try (Engine plain = new Engine(store, o);
          Engine scrambled = new Engine(scrambling, o)) {
        for (String q : presence) {
          long before = scrambling.presenceReads.get();
          ParallelSlicesTest.assertSame(
              q,
              scrambled.rangeQuery(TENANT, q, start, end, 45_000),
              plain.rangeQuery(TENANT, q, start, end, 45_000));
          assertThat(scrambling.presenceReads.get()).as(q).isGreaterThan(before);
        }
        long before = scrambling.presenceReads.get();
        for (String q : values) {
          ParallelSlicesTest.assertSame(
              q,
              scrambled.rangeQuery(TENANT, q, start, end, 45_000),
              plain.rangeQuery(TENANT, q, start, end, 45_000));
        }
        assertThat(scrambling.presenceReads.get()).as("reads of values").isEqualTo(before);
      }
    }
  }

  /** A store whose reads of presence give random values for every sample but the markers. */
  private static final class ScramblingStore implements SeriesStore {
    private final SeriesStore store;
    final AtomicLong presenceReads = new AtomicLong();

    ScramblingStore(SeriesStore store) {
      this.store = store;
    }

    @Override
    public SeriesQuerier querier(Tenant tenant, long minTime, long maxTime) {
      SeriesQuerier q = store.querier(tenant, minTime, maxTime);
      return new SeriesQuerier() {
        @Override
        public List<Series> select(List<LabelMatcher> matchers) {
          List<Series> out = new ArrayList<>();
          for (Series s : q.select(matchers)) {
            out.add(new Scrambled(s));
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

    private final class Scrambled implements Series {
      private final Series series;

      Scrambled(Series series) {
        this.series = series;
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
        series.appendSamples(minT, maxT, out);
      }

      @Override
      public void appendPresence(long minT, long maxT, SampleBuffer out) {
        presenceReads.incrementAndGet();
        int from = out.size();
        series.appendSamples(minT, maxT, out);
        Random random = new Random(minT ^ maxT);
        double[] vs = out.values();
        for (int i = from; i < out.size(); i++) {
          if (!StaleMarker.isStale(vs[i])) {
            vs[i] = random.nextInt(3) == 0 ? Double.NaN : random.nextGaussian() * 1e6;
          }
        }
      }
    }
  }
}
