package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.InMemorySeriesStore;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.StaleMarker;
import dev.vigil.promql.ParsedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A batch of instant queries ({@link Engine#instantQueries}) shares its selections and folds every
 * window of a selector in one pass; each answer must still be bit for bit the one the query gives
 * on its own. Random counters with resets, gaps, NaN and staleness markers, series that appear late
 * and vanish early, jittered timestamps; SLO-shaped queries over windows from 1 m to 6 h beside
 * offsets, {@code @}, subqueries and instant selectors.
 */
class InstantQueriesTest {
  static final Tenant TENANT = Tenant.DEFAULT;
  static final List<String> WINDOWS = List.of("1m", "5m", "30m", "1h", "2h", "6h");

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void aBatchAnswersWhatEachQueryAnswersAlone(long seed) throws Exception {
    InMemorySeriesStore store = new InMemorySeriesStore();
    Random random = new Random(seed);
    SeriesAppender a = store.appender();
    int steps = 2_000; // a little over 8 h at 15 s
    for (int series = 0; series < 30; series++) {
      Labels labels =
          Labels.of(
              "__name__",
              "x_total",
              "job",
              "j" + (series % 3),
              "code",
              series % 5 < 2 ? "500" : "200",
              "i",
              Integer.toString(series));
      // Some series appear late, some vanish early (with a staleness marker or without).
      int from = series % 4 == 1 ? random.nextInt(steps) : 0;
      int to = series % 4 == 2 ? from + random.nextInt(steps - from) : steps;
      double v = random.nextDouble() * 100;
      for (int i = from; i < to; i++) {
        double r = random.nextDouble();
        if (r < 0.05) {
          continue; // a gap
        }
        v = r < 0.07 ? r * 5 : v + random.nextDouble() * 10; // resets now and then
        double sample = r > 0.995 ? StaleMarker.STALE_NAN : r > 0.99 ? Double.NaN : v;
        a.append(TENANT, labels, 15_000L * i + random.nextInt(3_000), sample);
      }
      if (to < steps && series % 8 == 2) {
        a.append(TENANT, labels, 15_000L * to, StaleMarker.STALE_NAN);
      }
    }
    // A maintenance-like gauge present for a while only.
    Labels gauge = Labels.of("__name__", "maintenance", "id", "a");
    int start = random.nextInt(steps);
    for (int i = start; i < Math.min(steps, start + 100); i++) {
      a.append(TENANT, gauge, 15_000L * i, 1);
    }
    a.commit();

    List<String> queries = new ArrayList<>();
    for (String w : WINDOWS) {
      queries.add(
          "(sum(rate(x_total{code=~\"5..\"}["
              + w
              + "])) / sum(rate(x_total["
              + w
              + "]))) unless on () max_over_time(maintenance{id=\"a\"}["
              + w
              + "])");
      queries.add("sum by (job) (increase(x_total{job=\"j1\"}[" + w + "]))");
      queries.add("sum_over_time(x_total[" + w + "]) / count_over_time(x_total[" + w + "])");
      // Only counter facts asked of these selectors: their edges fold by binary search.
      queries.add(
          "delta(x_total{job=\"j0\"}["
              + w
              + "]) + count_over_time(x_total{job=\"j0\"}["
              + w
              + "])");
      queries.add(
          "last_over_time(x_total{code=\"200\"}["
              + w
              + "]) - first_over_time(x_total{code=\"200\"}["
              + w
              + "]) + ts_of_last_over_time(x_total{code=\"200\"}["
              + w
              + "]) - ts_of_first_over_time(x_total{code=\"200\"}["
              + w
              + "]) + present_over_time(x_total{code=\"200\"}["
              + w
              + "])");
    }
    queries.add("rate(x_total[5m] offset 10m)");
    queries.add("rate(x_total[5m] @ 3600)");
    queries.add("max_over_time(rate(x_total[1m])[10m:1m])");
    queries.add("x_total{job=\"j2\"}");
    queries.add("min_over_time(x_total[1h]) + last_over_time(x_total[1h])");

    Engine engine = new Engine(store, EngineOptions.DEFAULTS.withExperimentalFunctions(true));
    List<ParsedQuery> parsed = queries.stream().map(engine::prepare).toList();
    int compared = 0;
    for (long t = 1_800_000 + random.nextInt(60_000); t < 15_000L * steps + 600_000; t += 997_000) {
      List<QueryResult> batch = engine.instantQueries(TENANT, parsed, t);
      for (int i = 0; i < parsed.size(); i++) {
        Value alone = engine.instantQuery(TENANT, parsed.get(i), t).value();
        Value together = batch.get(i).value();
        String what = queries.get(i) + " at " + t;
        List<Sample> expected = ((Value.Vector) alone).samples();
        List<Sample> actual = ((Value.Vector) together).samples();
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int k = 0; k < expected.size(); k++) {
          assertThat(actual.get(k).labels()).as(what).isEqualTo(expected.get(k).labels());
          assertThat(Double.doubleToRawLongBits(actual.get(k).value()))
              .as(what + " " + expected.get(k).labels())
              .isEqualTo(Double.doubleToRawLongBits(expected.get(k).value()));
          compared++;
        }
      }
    }
    // The data must give the comparison something to compare.
    assertThat(compared).isGreaterThan(1_000);
  }
}
