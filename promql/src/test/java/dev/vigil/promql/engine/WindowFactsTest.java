package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.InMemorySeriesStore;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.StaleMarker;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An instant query over a matrix selector folds its windows from the store's run summaries; a range
 * query steps through samples. Both must agree on every function that has a facts form, over
 * counters with resets, NaN, staleness markers and jittered timestamps — bit for bit but for the
 * sum, whose compensated partial sums may differ in the last bits.
 */
class WindowFactsTest {
  static final Tenant TENANT = Tenant.DEFAULT;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rate",
        "increase",
        "delta",
        "count_over_time",
        "sum_over_time",
        "min_over_time",
        "max_over_time",
        "last_over_time",
        "first_over_time",
        "ts_of_last_over_time",
        "ts_of_first_over_time",
        "present_over_time"
      })
  void instantAnswersFromSummariesEqualSampleByStepAnswers(String function) throws Exception {
    InMemorySeriesStore store = new InMemorySeriesStore();
    SeriesAppender a = store.appender();
    Random random = new Random(function.hashCode());
    for (int series = 0; series < 20; series++) {
      Labels labels = Labels.of("__name__", "x_total", "i", Integer.toString(series));
      double v = random.nextDouble() * 100;
      for (int i = 0; i < 400; i++) {
        double r = random.nextDouble();
        v = r < 0.03 ? r * 5 : v + random.nextDouble() * 10;
        double sample =
            r > 0.99 ? StaleMarker.STALE_NAN : r > 0.985 ? Double.NaN : series == 0 ? -v : v;
        a.append(TENANT, labels, 15_000L * i + random.nextInt(2_000), sample);
      }
    }
    a.commit();
    Engine engine = new Engine(store, EngineOptions.DEFAULTS.withExperimentalFunctions(true));
    int checked = 0;
    for (String range : List.of("1m", "17m", "1h", "3h")) {
      String q = function + "(x_total[" + range + "])";
      for (long t = 600_000; t <= 6_000_000; t += 432_123) {
        Value.Vector instant = (Value.Vector) engine.instantQuery(TENANT, q, t).value();
        Value.Matrix stepped =
            (Value.Matrix) engine.rangeQuery(TENANT, q, t, t + 1_000, 1_000).value();
        java.util.Map<Labels, Double> atT = new java.util.HashMap<>();
        for (RangeSeries r : stepped.series()) {
          if (r.size() > 0 && r.timestamp(0) == t) {
            atT.put(r.labels(), r.value(0));
          }
        }
        assertThat(instant.samples()).as(q + " at " + t).hasSize(atT.size());
        for (Sample s : instant.samples()) {
          assertThat(atT).containsKey(s.labels());
          double expected = atT.get(s.labels());
          if (function.equals("sum_over_time")) {
            assertThat(s.value())
                .as(q + " at " + t)
                .isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-9));
          } else {
            assertThat(Double.doubleToRawLongBits(s.value()))
                .as(q + " at " + t + " for " + s.labels() + ": " + s.value() + " vs " + expected)
                .isEqualTo(Double.doubleToRawLongBits(expected));
          }
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(500);
  }
}
