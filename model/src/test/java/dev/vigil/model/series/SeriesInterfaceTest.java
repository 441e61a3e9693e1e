package dev.vigil.model.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Tenant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesInterfaceTest {
  @Test
  void labelsAreSortedUniqueAndDropEmptyValues() {
    Labels l = Labels.of("b", "2", "__name__", "up", "a", "1", "empty", "");
    assertThat(l.size()).isEqualTo(3);
    assertThat(l.name(0)).isEqualTo("__name__");
    assertThat(l.get("a")).isEqualTo("1");
    assertThat(l.get("missing")).isEmpty();
    assertThat(l.toString()).isEqualTo("up{a=\"1\", b=\"2\"}");
    assertThat(l).isEqualTo(Labels.of("a", "1", "b", "2", "__name__", "up"));
    assertThat(l.toBuilder().remove("b").set("c", "3").build().toString())
        .isEqualTo("up{a=\"1\", c=\"3\"}");
    assertThatThrownBy(() -> Labels.of("a", "1", "a", "2")).hasMessageContaining("twice");
    assertThat(Labels.of("a", "1").compareTo(Labels.of("a", "2"))).isNegative();
  }

  @Test
  void matchersAreAnchoredAndTreatMissingAsEmpty() {
    assertThat(LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "api").matches("api-2")).isFalse();
    assertThat(LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "api.*").matches("api-2")).isTrue();
    assertThat(LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "a|b").matches("b")).isTrue();
    assertThat(LabelMatcher.of(LabelMatcher.Type.NOT_EQUAL, "x", "1").matches(Labels.of("y", "2")))
        .isTrue();
    assertThat(LabelMatcher.equal("x", "").matches(Labels.of("y", "2"))).isTrue();
    assertThat(LabelMatcher.of(LabelMatcher.Type.NOT_REGEX, "x", ".+").matchesEmpty()).isTrue();
    assertThatThrownBy(() -> LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "("))
        .hasMessageContaining("invalid regular expression");
  }

  @Test
  void inMemoryStoreSelectsByMatchersWithinTheRangeAndTenant() throws Exception {
    InMemorySeriesStore store = new InMemorySeriesStore();
    SeriesAppender a = store.appender();
    Tenant t1 = new Tenant("t1");
    a.append(t1, Labels.of("__name__", "up", "job", "a"), 1000, 1);
    a.append(t1, Labels.of("__name__", "up", "job", "a"), 2000, 2);
    a.append(t1, Labels.of("__name__", "up", "job", "b"), 1000, 3);
    a.append(new Tenant("t2"), Labels.of("__name__", "up", "job", "c"), 1000, 4);
    try (SeriesQuerier q = store.querier(t1, 0, 5000)) {
      assertThat(q.select(List.of(LabelMatcher.equal("__name__", "up")))).isEmpty();
    }
    a.commit();
    try (SeriesQuerier q = store.querier(t1, 1500, 5000)) {
      List<Series> s = q.select(List.of(LabelMatcher.equal("__name__", "up")));
      assertThat(s).extracting(x -> x.labels().get("job")).containsExactly("a");
      SampleIterator it = s.get(0).samples();
      assertThat(it.next()).isTrue();
      assertThat(it.timestamp()).isEqualTo(2000);
      assertThat(it.next()).isFalse();
    }
    try (SeriesQuerier q = store.querier(t1, 0, 5000)) {
      assertThat(q.labelValues("job", List.of())).containsExactly("a", "b");
      assertThat(q.labelNames(List.of())).containsExactly("__name__", "job");
      assertThatThrownBy(() -> q.select(List.of(LabelMatcher.equal("job", ""))))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void arrayIteratorSeeks() {
    SampleIterator it = new ArraySampleIterator(new long[] {10, 20, 30}, new double[] {1, 2, 3});
    assertThat(it.seek(15)).isTrue();
    assertThat(it.timestamp()).isEqualTo(20);
    assertThat(it.seek(5)).isTrue();
    assertThat(it.timestamp()).isEqualTo(20);
    assertThat(it.next()).isTrue();
    assertThat(it.value()).isEqualTo(3);
    assertThat(it.seek(31)).isFalse();
    assertThat(StaleMarker.isStale(StaleMarker.STALE_NAN)).isTrue();
    assertThat(StaleMarker.isStale(Double.NaN)).isFalse();
  }
}
