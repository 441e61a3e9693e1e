package dev.vigil.model.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Tenant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SeriesStore} must do, run by each implementation (the in-memory reference and
 * the tsdb) through a subclass that supplies the store and its appender.
 */
public abstract class SeriesStoreContract {
  protected static final Tenant A = new Tenant("tenant-a");
  protected static final Tenant B = new Tenant("tenant-b");

  protected abstract SeriesStore store();

  protected abstract SeriesAppender appender();

  /** Whether the store offers {@link Series#runs()} for in-order data (then it must). */
  protected boolean offersRuns() {
    return false;
  }

  protected static List<long[]> read(
      SeriesStore store, Tenant tenant, long min, long max, LabelMatcher... matchers) {
    List<long[]> out = new ArrayList<>();
    try (SeriesQuerier q = store.querier(tenant, min, max)) {
      for (Series s : q.select(List.of(matchers))) {
        SampleIterator it = s.samples();
        while (it.next()) {
          out.add(new long[] {it.timestamp(), Double.doubleToRawLongBits(it.value())});
        }
      }
    }
    return out;
  }

  protected static LabelMatcher name(String metric) {
    return LabelMatcher.equal(Labels.METRIC_NAME, metric);
  }

  @Test
  void committedSamplesAreReadBackBitForBitWithinTheRange() throws Exception {
    SeriesAppender a = appender();
    Labels up = Labels.of("__name__", "up", "job", "api");
    double[] values = {
      1, Double.NaN, StaleMarker.STALE_NAN, Double.POSITIVE_INFINITY, -0.0, 1e-300, 42.125
    };
    for (int i = 0; i < values.length; i++) {
      a.append(A, up, 1000L * (i + 1), values[i]);
    }
    a.commit();
    List<long[]> all = read(store(), A, 0, Long.MAX_VALUE, name("up"));
    assertThat(all).hasSize(values.length);
    for (int i = 0; i < values.length; i++) {
      assertThat(all.get(i)[0]).isEqualTo(1000L * (i + 1));
      assertThat(all.get(i)[1]).isEqualTo(Double.doubleToRawLongBits(values[i]));
    }
    assertThat(read(store(), A, 2000, 4000, name("up")))
        .extracting(x -> x[0])
        .containsExactly(2000L, 3000L, 4000L);
  }

  @Test
  void uncommittedSamplesAreInvisibleAndRollbackDropsThem() throws Exception {
    SeriesAppender a = appender();
    a.append(A, Labels.of("__name__", "pending"), 1000, 1);
    assertThat(read(store(), A, 0, Long.MAX_VALUE, name("pending"))).isEmpty();
    a.rollback();
    a.commit();
    assertThat(read(store(), A, 0, Long.MAX_VALUE, name("pending"))).isEmpty();
  }

  @Test
  void appendsByRefAreAppendsByLabels() throws Exception {
    Labels labels = Labels.of("__name__", "by_ref", "job", "api");
    SeriesAppender first = appender();
    SeriesRef ref = first.ref(A, labels);
    assertThat(ref.tenant()).isEqualTo(A);
    assertThat(ref.labels()).isEqualTo(labels);
    first.append(ref, 1000, 1);
    first.append(A, labels, 2000, 2);
    first.commit();
    // A handle outlives its appender, and a handle that is only labels works on any store.
    SeriesAppender second = appender();
    second.append(ref, 3000, 3);
    second.append(SeriesRef.of(A, labels), 4000, 4);
    second.commit();
    SeriesAppender rolledBack = appender();
    rolledBack.append(ref, 5000, 5);
    rolledBack.rollback();
    assertThat(read(store(), A, 0, Long.MAX_VALUE, name("by_ref")))
        .extracting(x -> x[0] + "=" + Double.longBitsToDouble(x[1]))
        .containsExactly("1000=1.0", "2000=2.0", "3000=3.0", "4000=4.0");
    assertThat(read(store(), B, 0, Long.MAX_VALUE, name("by_ref"))).isEmpty();
  }

  @Test
  void tenantsNeverSeeEachOthersSeries() throws Exception {
    SeriesAppender a = appender();
    a.append(A, Labels.of("__name__", "secret", "team", "a"), 1000, 1);
    a.append(B, Labels.of("__name__", "secret", "team", "b"), 1000, 2);
    a.commit();
    try (SeriesQuerier q = store().querier(B, 0, Long.MAX_VALUE)) {
      assertThat(q.select(List.of(name("secret"))))
          .extracting(s -> s.labels().get("team"))
          .containsExactly("b");
      assertThat(q.labelValues("team", List.of())).containsExactly("b");
    }
  }

  @Test
  void everyMatcherTypeSelectsAsPrometheusDoes() throws Exception {
    SeriesAppender a = appender();
    for (String job : List.of("api", "api-canary", "db")) {
      for (String env : List.of("prod", "")) {
        Labels.Builder b = Labels.builder().set("__name__", "m").set("job", job).set("env", env);
        a.append(A, b.build(), 1000, 1);
      }
    }
    a.commit();
    try (SeriesQuerier q = store().querier(A, 0, Long.MAX_VALUE)) {
      assertThat(q.select(List.of(name("m"), LabelMatcher.equal("job", "api")))).hasSize(2);
      assertThat(
              q.select(
                  List.of(name("m"), LabelMatcher.of(LabelMatcher.Type.NOT_EQUAL, "job", "api"))))
          .hasSize(4);
      assertThat(
              q.select(
                  List.of(name("m"), LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "api.*"))))
          .hasSize(4);
      assertThat(
              q.select(
                  List.of(name("m"), LabelMatcher.of(LabelMatcher.Type.NOT_REGEX, "job", "api.*"))))
          .hasSize(2);
      assertThat(q.select(List.of(name("m"), LabelMatcher.equal("env", "")))).hasSize(3);
      assertThat(
              q.select(
                  List.of(name("m"), LabelMatcher.of(LabelMatcher.Type.REGEX, "env", "prod|"))))
          .hasSize(6);
      List<Series> sorted =
          q.select(List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "job", ".+")));
      for (int i = 1; i < sorted.size(); i++) {
        assertThat(sorted.get(i - 1).labels().compareTo(sorted.get(i).labels())).isNegative();
      }
      assertThat(q.labelNames(List.of(name("m")))).containsExactly("__name__", "env", "job");
      assertThat(q.labelValues("job", List.of(LabelMatcher.equal("env", "prod"))))
          .containsExactly("api", "api-canary", "db");
      assertThatThrownBy(() -> q.select(List.of(LabelMatcher.equal("job", ""))))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void manySamplesAcrossChunksComeBackInOrder() throws Exception {
    SeriesAppender a = appender();
    Labels l = Labels.of("__name__", "long_series");
    for (int i = 0; i < 1000; i++) {
      a.append(A, l, 15_000L * i, i * 0.5);
      if (i % 100 == 99) {
        a.commit();
      }
    }
    a.commit();
    List<long[]> all = read(store(), A, 0, Long.MAX_VALUE, name("long_series"));
    assertThat(all).hasSize(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(all.get(i)[0]).isEqualTo(15_000L * i);
      assertThat(Double.longBitsToDouble(all.get(i)[1])).isEqualTo(i * 0.5);
    }
    try (SeriesQuerier q = store().querier(A, 0, Long.MAX_VALUE)) {
      SampleIterator it = q.select(List.of(name("long_series"))).get(0).samples();
      assertThat(it.seek(15_000L * 500 + 1)).isTrue();
      assertThat(it.timestamp()).isEqualTo(15_000L * 501);
    }
  }

  @Test
  void runsHoldExactlyTheSamplesAndSummarizeThem() throws Exception {
    SeriesAppender a = appender();
    Labels l = Labels.of("__name__", "resetting_total");
    java.util.Random random = new java.util.Random(7);
    double v = 0;
    for (int i = 0; i < 700; i++) {
      double r = random.nextDouble();
      v = r < 0.02 ? r * 10 : v + random.nextInt(5); // occasional counter resets
      double sample = i % 97 == 96 ? StaleMarker.STALE_NAN : i % 89 == 3 ? Double.NaN : v;
      a.append(A, l, 15_000L * i + random.nextInt(3), sample);
      if (i % 150 == 149) {
        a.commit();
      }
    }
    a.commit();
    long min = 15_000L * 33 + 1;
    long max = 15_000L * 611;
    try (SeriesQuerier q = store().querier(A, min, max)) {
      Series series = q.select(List.of(name("resetting_total"))).get(0);
      List<SampleRun> runs = series.runs();
      if (runs == null) {
        assertThat(offersRuns()).as("runs() of in-order data").isFalse();
        return;
      }
      List<long[]> fromRuns = new ArrayList<>();
      long previousMax = Long.MIN_VALUE;
      for (SampleRun run : runs) {
        assertThat(run.minTime()).isGreaterThan(previousMax).isLessThanOrEqualTo(run.maxTime());
        previousMax = run.maxTime();
        List<long[]> own = new ArrayList<>();
        SampleIterator it = run.samples();
        while (it.next()) {
          own.add(new long[] {it.timestamp(), Double.doubleToRawLongBits(it.value())});
        }
        assertThat(own).isNotEmpty();
        assertThat(own.get(0)[0]).isEqualTo(run.minTime());
        assertThat(own.get(own.size() - 1)[0]).isEqualTo(run.maxTime());
        SampleSummary expected = SampleSummary.of(run.samples());
        SampleSummary summary = run.summary();
        assertThat(summary)
            .usingRecursiveComparison()
            .withEqualsForType((x, y) -> Double.compare(x, y) == 0, Double.class)
            .isEqualTo(expected);
        assertThat(run.summary()).isSameAs(summary); // kept, not recomputed
        for (long[] x : own) {
          if (x[0] >= min && x[0] <= max) {
            fromRuns.add(x);
          }
        }
      }
      assertThat(runs.get(0).minTime()).isLessThanOrEqualTo(min + 15_000);
      List<long[]> samples = new ArrayList<>();
      SampleIterator it = series.samples();
      while (it.next()) {
        samples.add(new long[] {it.timestamp(), Double.doubleToRawLongBits(it.value())});
      }
      assertThat(fromRuns).usingRecursiveComparison().isEqualTo(samples);
    }
  }

  /**
   * The bulk read gives exactly what the iterator gives, for random data (out of order, duplicate
   * timestamps, NaN, staleness markers, committed in parts) and random ranges, and leaves what the
   * buffer held before it alone; the read of presence alone gives the same timestamps and the same
   * staleness markers (one series has none, so that a store may skip its values).
   */
  @Test
  void appendSamplesEqualsIteratingTheSamples() throws Exception {
    long seed = Long.getLong("seed", System.nanoTime());
    java.util.Random random = new java.util.Random(seed);
    SeriesAppender a = appender();
    double[] pool = {0, -0.0, 1.5, 1e6, Double.NaN, StaleMarker.STALE_NAN, 42};
    for (int i = 0; i < 1500; i++) {
      int n = random.nextInt(4);
      Labels l = Labels.of("__name__", "bulk", "n", Integer.toString(n));
      long t = 15_000L * i + random.nextInt(3);
      if (random.nextInt(8) == 0) {
        t -= 15_000L * random.nextInt(20); // out of order, or on an earlier timestamp
      }
      double v = random.nextInt(3) == 0 ? pool[random.nextInt(pool.length)] : i * 0.25;
      if (n == 0 && StaleMarker.isStale(v)) {
        v = 3; // one series without staleness markers, for stores that read presence alone
      }
      try {
        a.append(A, l, t, v);
      } catch (IllegalArgumentException refused) {
        // outside the store's out-of-order window: the store's choice, not this test's concern
      }
      if (random.nextInt(200) == 0) {
        a.commit();
      }
    }
    a.commit();
    for (int round = 0; round < 40; round++) {
      long qMin = random.nextInt(3) == 0 ? 0 : random.nextLong(15_000L * 1600);
      long qMax = random.nextInt(3) == 0 ? Long.MAX_VALUE : qMin + random.nextLong(15_000L * 1600);
      try (SeriesQuerier q = store().querier(A, qMin, qMax)) {
        for (Series s : q.select(List.of(name("bulk")))) {
          long minT = random.nextBoolean() ? qMin : qMin + random.nextLong(15_000L * 800);
          long maxT = random.nextBoolean() ? qMax : minT + random.nextLong(15_000L * 800);
          SampleBuffer expected = new SampleBuffer();
          expected.add(-1, 7);
          SampleIterator it = s.samples();
          if (it.seek(minT)) {
            do {
              if (it.timestamp() > maxT) {
                break;
              }
              expected.add(it.timestamp(), it.value());
            } while (it.next());
          }
          SampleBuffer actual = new SampleBuffer(1);
          actual.add(-1, 7);
          s.appendSamples(minT, maxT, actual);
          String where =
              "seed "
                  + seed
                  + ", "
                  + s.labels()
                  + ", querier ["
                  + qMin
                  + ", "
                  + qMax
                  + "], ["
                  + minT
                  + ", "
                  + maxT
                  + "]";
          assertThat(actual.size()).as(where).isEqualTo(expected.size());
          for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.timestamps()[i]).as(where).isEqualTo(expected.timestamps()[i]);
            assertThat(Double.doubleToRawLongBits(actual.values()[i]))
                .as(where + " at " + actual.timestamps()[i])
                .isEqualTo(Double.doubleToRawLongBits(expected.values()[i]));
          }
          // Presence alone: the same timestamps, and the staleness markers where they are.
          SampleBuffer presence = new SampleBuffer(1);
          presence.add(-1, 7);
          s.appendPresence(minT, maxT, presence);
          assertThat(presence.size()).as("presence, " + where).isEqualTo(expected.size());
          assertThat(presence.values()[0]).isEqualTo(7);
          for (int i = 0; i < expected.size(); i++) {
            assertThat(presence.timestamps()[i])
                .as("presence, " + where)
                .isEqualTo(expected.timestamps()[i]);
            assertThat(StaleMarker.isStale(presence.values()[i]))
                .as("presence, " + where + " at " + presence.timestamps()[i])
                .isEqualTo(StaleMarker.isStale(expected.values()[i]));
          }
        }
      }
    }
  }

  /**
   * A querier's selected series may be read by several threads at once, each series by one thread
   * at a time (a query engine splits a selector's series between workers): every thread reads what
   * one thread alone reads.
   */
  @Test
  void selectedSeriesReadByTwoThreadsAtOnceGiveWhatOneThreadReads() throws Exception {
    SeriesAppender a = appender();
    for (int i = 0; i < 600; i++) {
      for (int n = 0; n < 32; n++) {
        a.append(A, Labels.of("__name__", "shared", "n", Integer.toString(n)), 15_000L * i, i * n);
      }
      if (i % 100 == 99) {
        a.commit();
      }
    }
    a.commit();
    try (SeriesQuerier q = store().querier(A, 0, Long.MAX_VALUE)) {
      List<Series> selected = q.select(List.of(name("shared")));
      assertThat(selected).hasSize(32);
      List<long[]> alone = new ArrayList<>();
      for (Series s : selected) {
        alone.add(bulk(s));
      }
      long[][] together = new long[selected.size()][];
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.ExecutorService two =
          java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          int first = t;
          done.add(
              two.submit(() -> {
                go.await();
                for (int round = 0; round < 20; round++) {
                  for (int i = first; i < selected.size(); i += 2) {
                    together[i] = bulk(selected.get(i));
                  }
                }
                return null;
              }));
        }
        go.countDown();
        for (java.util.concurrent.Future<?> f : done) {
          f.get();
        }
      } finally {
        two.shutdownNow();
      }
      for (int i = 0; i < selected.size(); i++) {
        assertThat(together[i]).as("series %d", i).containsExactly(alone.get(i));
      }
    }
  }

  /** A series' samples as timestamps and value bits, interleaved, read in bulk. */
  private static long[] bulk(Series s) {
    SampleBuffer b = new SampleBuffer(16);
    s.appendSamples(0, Long.MAX_VALUE, b);
    long[] out = new long[2 * b.size()];
    for (int i = 0; i < b.size(); i++) {
      out[2 * i] = b.timestamps()[i];
      out[2 * i + 1] = Double.doubleToRawLongBits(b.values()[i]);
    }
    return out;
  }

  /** A read between writes must not keep later writes (in order or not) from the next read. */
  @Test
  void writesAfterAReadAreSeenByTheNextRead() throws Exception {
    SeriesAppender a = appender();
    Labels l = Labels.of("__name__", "late");
    a.append(A, l, 10_000, 1);
    a.append(A, l, 30_000, 3);
    a.commit();
    assertThat(read(store(), A, 0, Long.MAX_VALUE, name("late"))).hasSize(2);
    a.append(A, l, 20_000, 2); // out of order
    a.commit();
    assertThat(read(store(), A, 0, Long.MAX_VALUE, name("late")))
        .extracting(x -> x[0])
        .containsExactly(10_000L, 20_000L, 30_000L);
    a.append(A, l, 25_000, 2.5);
    a.append(A, l, 40_000, 4);
    a.commit();
    try (SeriesQuerier q = store().querier(A, 0, Long.MAX_VALUE)) {
      SampleBuffer b = new SampleBuffer();
      q.select(List.of(name("late"))).get(0).appendSamples(0, Long.MAX_VALUE, b);
      assertThat(java.util.Arrays.copyOf(b.timestamps(), b.size()))
          .containsExactly(10_000L, 20_000L, 25_000L, 30_000L, 40_000L);
    }
  }
}
