package dev.vigil.model.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ExemplarStore} must do, run by each implementation (the in-memory reference and
 * the tsdb) through a subclass that supplies the store and its appender.
 */
public abstract class ExemplarStoreContract {
  protected static final Tenant A = new Tenant("tenant-a");
  protected static final Tenant B = new Tenant("tenant-b");
  protected static final Labels LATENCY_01 =
      Labels.of("__name__", "latency_bucket", "job", "api", "le", "0.1");
  protected static final Labels LATENCY_1 =
      Labels.of("__name__", "latency_bucket", "job", "api", "le", "1");
  protected static final Labels CALLS = Labels.of("__name__", "calls_total", "job", "web");

  protected abstract ExemplarStore store();

  protected abstract SeriesAppender appender();

  protected static ExemplarSample exemplar(String traceId, double value, long t) {
    return new ExemplarSample(Labels.of("trace_id", traceId), value, t);
  }

  protected static List<List<LabelMatcher>> selector(LabelMatcher... matchers) {
    return List.of(List.of(matchers));
  }

  protected static LabelMatcher name(String metric) {
    return LabelMatcher.equal(Labels.METRIC_NAME, metric);
  }

  @Test
  void committedExemplarsComeBackPerSeriesOldestFirstWithinTheRange() throws Exception {
    SeriesAppender a = appender();
    a.append(A, LATENCY_01, 1000, 3);
    a.appendExemplar(A, LATENCY_01, exemplar("aa", 0.05, 1000));
    a.appendExemplar(A, LATENCY_01, exemplar("bb", 0.07, 2000));
    a.appendExemplar(A, LATENCY_01, exemplar("cc", Double.NaN, 3000));
    a.appendExemplar(A, LATENCY_1, exemplar("dd", 0.5, 1500));
    a.appendExemplar(A, CALLS, exemplar("ee", 1, 1200));
    a.commit();

    List<SeriesExemplars> all =
        store().exemplars(A, 0, Long.MAX_VALUE, selector(name("latency_bucket")));
    assertThat(all)
        .extracting(SeriesExemplars::seriesLabels)
        .containsExactly(LATENCY_01, LATENCY_1);
    assertThat(all.get(0).exemplars())
        .extracting(e -> e.labels().get("trace_id"))
        .containsExactly("aa", "bb", "cc");
    ExemplarSample nan = all.get(0).exemplars().get(2);
    assertThat(Double.doubleToRawLongBits(nan.value()))
        .isEqualTo(Double.doubleToRawLongBits(Double.NaN));
    assertThat(all.get(1).exemplars()).containsExactly(exemplar("dd", 0.5, 1500));

    List<SeriesExemplars> window =
        store().exemplars(A, 1500, 2000, selector(name("latency_bucket")));
    assertThat(window).hasSize(2);
    assertThat(window.get(0).exemplars()).containsExactly(exemplar("bb", 0.07, 2000));
    assertThat(window.get(1).exemplars()).containsExactly(exemplar("dd", 0.5, 1500));
    assertThat(store().exemplars(A, 4000, 5000, selector(name("latency_bucket")))).isEmpty();
  }

  @Test
  void uncommittedExemplarsAreInvisibleAndRollbackDropsThem() throws Exception {
    SeriesAppender a = appender();
    a.appendExemplar(A, CALLS, exemplar("aa", 1, 1000));
    assertThat(store().exemplars(A, 0, Long.MAX_VALUE, selector(name("calls_total")))).isEmpty();
    a.rollback();
    a.commit();
    assertThat(store().exemplars(A, 0, Long.MAX_VALUE, selector(name("calls_total")))).isEmpty();
  }

  @Test
  void tenantsNeverSeeEachOthersExemplars() throws Exception {
    SeriesAppender a = appender();
    a.appendExemplar(A, CALLS, exemplar("aa", 1, 1000));
    a.appendExemplar(B, CALLS, exemplar("bb", 2, 1000));
    a.commit();
    assertThat(store().exemplars(A, 0, Long.MAX_VALUE, selector(name("calls_total"))))
        .singleElement()
        .satisfies(s -> assertThat(s.exemplars()).containsExactly(exemplar("aa", 1, 1000)));
    assertThat(store().exemplars(B, 0, Long.MAX_VALUE, selector(name("calls_total"))))
        .singleElement()
        .satisfies(s -> assertThat(s.exemplars()).containsExactly(exemplar("bb", 2, 1000)));
    assertThat(store().exemplars(new Tenant("c"), 0, Long.MAX_VALUE, selector(name("calls_total"))))
        .isEmpty();
  }

  @Test
  void anExactRepeatIsDroppedAndAnOlderExemplarIsRefused() throws Exception {
    SeriesAppender a = appender();
    a.appendExemplar(A, CALLS, exemplar("aa", 1, 2000));
    a.commit();
    a.appendExemplar(A, CALLS, exemplar("aa", 1, 2000)); // resent with the next point: no error
    a.appendExemplar(A, CALLS, exemplar("bb", 1, 2000)); // same time, another trace: kept
    assertThatThrownBy(() -> a.appendExemplar(A, CALLS, exemplar("cc", 1, 1999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("calls_total")
        .hasMessageContaining("older");
    a.appendExemplar(A, CALLS, exemplar("dd", 1, 2500)); // the rest of the batch is unaffected
    a.commit();
    assertThat(store().exemplars(A, 0, Long.MAX_VALUE, selector(name("calls_total"))))
        .singleElement()
        .satisfies(s ->
            assertThat(s.exemplars())
                .extracting(e -> e.labels().get("trace_id"))
                .containsExactly("aa", "bb", "dd"));
  }

  @Test
  void seriesMatchingAnySelectorAreReturnedOnceInLabelOrder() throws Exception {
    SeriesAppender a = appender();
    a.appendExemplar(A, LATENCY_1, exemplar("aa", 0.5, 1000));
    a.appendExemplar(A, LATENCY_01, exemplar("bb", 0.05, 1000));
    a.appendExemplar(A, CALLS, exemplar("cc", 1, 1000));
    a.commit();
    List<List<LabelMatcher>> selectors =
        List.of(
            List.of(
                name("latency_bucket"), LabelMatcher.of(LabelMatcher.Type.REGEX, "le", "0\\.1|1")),
            List.of(LabelMatcher.equal("le", "1")),
            List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "w.*")));
    assertThat(store().exemplars(A, 0, Long.MAX_VALUE, selectors))
        .extracting(SeriesExemplars::seriesLabels)
        .containsExactly(CALLS, LATENCY_01, LATENCY_1);
    assertThat(
            store()
                .exemplars(
                    A,
                    0,
                    Long.MAX_VALUE,
                    selector(
                        LabelMatcher.of(LabelMatcher.Type.NOT_EQUAL, "le", "1"),
                        name("latency_bucket"))))
        .extracting(SeriesExemplars::seriesLabels)
        .containsExactly(LATENCY_01);
  }

  @Test
  void aSelectorThatMatchesEverythingIsRefused() {
    assertThatThrownBy(() ->
            store()
                .exemplars(
                    A, 0, 1, selector(LabelMatcher.of(LabelMatcher.Type.REGEX, "job", ".*"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one matcher");
  }

  @Test
  void randomExemplarsComeBackAsAppended() throws Exception {
    Random random = new Random(42);
    TreeMap<Labels, List<ExemplarSample>> expected = new TreeMap<>();
    long[] newest = new long[20];
    for (int batch = 0; batch < 30; batch++) {
      SeriesAppender a = appender();
      for (int i = 0; i < 40; i++) {
        int s = random.nextInt(newest.length);
        Labels series = Labels.of("__name__", "random", "s", Integer.toString(s));
        newest[s] += random.nextInt(3) * 1000L + 1;
        ExemplarSample e =
            new ExemplarSample(
                Labels.of("trace_id", Long.toHexString(random.nextLong()), "span_id", "x" + i),
                random.nextGaussian(),
                newest[s]);
        a.appendExemplar(A, series, e);
        expected.computeIfAbsent(series, l -> new ArrayList<>()).add(e);
      }
      a.commit();
    }
    List<SeriesExemplars> got = store().exemplars(A, 0, Long.MAX_VALUE, selector(name("random")));
    assertThat(got)
        .extracting(SeriesExemplars::seriesLabels)
        .containsExactlyElementsOf(expected.keySet());
    for (SeriesExemplars s : got) {
      assertThat(s.exemplars()).containsExactlyElementsOf(expected.get(s.seriesLabels()));
    }
  }
}
