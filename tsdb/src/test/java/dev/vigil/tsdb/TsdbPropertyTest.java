package dev.vigil.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.vigil.tsdb.head.HeadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random series and samples (any order, overwrites, NaN, stale markers) written to the tsdb and to
 * the reference store, with head cuts, flushes, reopenings and merges at random points; then random
 * time ranges and matchers must answer the same, bit for bit.
 */
class TsdbPropertyTest {
  private static final long HOUR = 3_600_000L;
  private static final Tenant T = new Tenant("t");
  private static final String[] JOBS = {"api", "db", "web"};
  private static final double[] VALUES = {0, 1, 2.5, -3, Double.NaN, StaleMarker.STALE_NAN, 1e300};

  /** One step: kind 0 = append, 1 = commit, 2 = flush, 3 = maintain, 4 = merge, 5 = reopen. */
  record Op(int kind, int series, long t, int value) {}

  record Query(long min, long max, int matcher) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> append =
        Combinators.combine(
                Arbitraries.integers().between(0, 5),
                Arbitraries.longs().between(0, 12 * HOUR / 1000),
                Arbitraries.integers().between(0, VALUES.length - 1))
            .as((s, t, v) -> new Op(0, s, t * 1000, v));
    Arbitrary<Op> other = Arbitraries.integers().between(1, 5).map(k -> new Op(k, 0, 0, 0));
    return Arbitraries.frequencyOf(Tuple.of(12, append), Tuple.of(3, other))
        .list()
        .ofMinSize(1)
        .ofMaxSize(120);
  }

  @Provide
  Arbitrary<List<Query>> queries() {
    return Combinators.combine(
            Arbitraries.longs().between(-1, 13 * HOUR / 1000),
            Arbitraries.longs().between(0, 13 * HOUR / 1000),
            Arbitraries.integers().between(0, 4))
        .as((a, b, m) -> new Query(Math.min(a, b) * 1000, Math.max(a, b) * 1000, m))
        .list()
        .ofMinSize(1)
        .ofMaxSize(8);
  }

  private static Labels labels(int series) {
    return Labels.of(
        "__name__", series < 4 ? "m" : "n", "job", JOBS[series % 3], "i", Integer.toString(series));
  }

  private static List<LabelMatcher> matchers(int m) {
    return switch (m) {
      case 0 -> List.of(LabelMatcher.equal("__name__", "m"));
      case 1 -> List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", ".+"));
      case 2 ->
          List.of(
              LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "api|web"),
              LabelMatcher.of(LabelMatcher.Type.NOT_EQUAL, "i", "0"));
      case 3 -> List.of(LabelMatcher.equal("job", "db"));
      default ->
          List.of(
              LabelMatcher.equal("__name__", "n"),
              LabelMatcher.of(LabelMatcher.Type.NOT_REGEX, "job", "a.*"));
    };
  }

  private static List<String> read(SeriesStore store, Query q) {
    List<String> out = new ArrayList<>();
    try (SeriesQuerier querier = store.querier(T, q.min, q.max)) {
      for (Series s : querier.select(matchers(q.matcher))) {
        SampleIterator it = s.samples();
        while (it.next()) {
          out.add(
              s.labels()
                  + "@"
                  + it.timestamp()
                  + "="
                  + Long.toHexString(Double.doubleToRawLongBits(it.value())));
        }
      }
    }
    return out;
  }

  @Property(tries = 60)
  void answersLikeTheReferenceStore(
      @ForAll("ops") List<Op> ops, @ForAll("queries") List<Query> queries) throws Exception {
    Path dir = Files.createTempDirectory("tsdb-prop");
    // A window wider than the data: every sample is accepted, as by the reference store.
    HeadOptions head = HeadOptions.DEFAULT.withOutOfOrderWindow(365 * 24 * HOUR);
    TsdbOptions options =
        TsdbTesting.MANUAL.withBlockRange(2 * HOUR, HOUR / 2, List.of(4 * HOUR, 8 * HOUR));
    InMemorySeriesStore ref = new InMemorySeriesStore();
    Tsdb tsdb = Tsdb.open(dir, head, options);
    try {
      SeriesAppender a = tsdb.appender();
      SeriesAppender r = ref.appender();
      for (Op op : ops) {
        switch (op.kind) {
          case 0 -> {
            a.append(T, labels(op.series), op.t, VALUES[op.value]);
            r.append(T, labels(op.series), op.t, VALUES[op.value]);
          }
          case 1 -> {
            a.commit();
            r.commit();
          }
          case 2 -> tsdb.flushHead();
          case 3 -> tsdb.maintain();
          case 4 -> tsdb.compactBlocks();
          default -> {
            a.rollback();
            r.rollback();
            tsdb.close();
            tsdb = Tsdb.open(dir, head, options);
            a = tsdb.appender();
          }
        }
      }
      a.commit();
      r.commit();
      for (Query q : queries) {
        assertThat(read(tsdb, q)).as("%s", q).isEqualTo(read(ref, q));
      }
      tsdb.close();
      tsdb = Tsdb.open(dir, head, options);
      tsdb.compactBlocks();
      for (Query q : queries) {
        assertThat(read(tsdb, q)).as("after reopen and merge: %s", q).isEqualTo(read(ref, q));
      }
    } finally {
      tsdb.close();
      dev.vigil.tsdb.block.BlockFiles.deleteTree(dir);
    }
  }
}
