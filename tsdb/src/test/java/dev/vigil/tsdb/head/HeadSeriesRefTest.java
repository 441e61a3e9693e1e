package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.model.series.SeriesRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends by {@link SeriesRef}: the head's own series skip the lookup, anything else is looked up.
 */
class HeadSeriesRefTest {
  private static final Tenant T = new Tenant("t");
  private static final Labels UP = Labels.of("__name__", "up", "job", "api");

  @TempDir Path dir;

  @Test
  void theRefIsTheHeadsSeriesAndSurvivesARestart() throws Exception {
    try (Head head = Head.open(dir.resolve("wal"), HeadOptions.DEFAULT)) {
      SeriesAppender a = head.appender();
      SeriesRef ref = a.ref(T, UP);
      assertThat(ref).isSameAs(head.get(T, UP));
      a.append(ref, 1000, 1);
      a.append(ref, 2000, 2);
      a.commit();
      assertThat(head.stats().samplesAppended()).isEqualTo(2);
    }
    try (Head head = Head.open(dir.resolve("wal"), HeadOptions.DEFAULT)) {
      assertThat(samples(head, T)).containsExactly("1000=1.0", "2000=2.0");
    }
  }

  @Test
  void aRefOfADroppedSeriesAppendsToTheSeriesNowUnderItsLabels() throws Exception {
    try (Head head = Head.open(dir.resolve("wal"), HeadOptions.DEFAULT)) {
      SeriesRef ref = head.appender().ref(T, UP);
      assertThat(head.dropIfEmpty(List.of((MemSeries) ref))).isEqualTo(1);
      SeriesAppender a = head.appender();
      a.append(ref, 1000, 1);
      a.commit();
      assertThat(head.get(T, UP)).isNotNull().isNotSameAs(ref);
      assertThat(samples(head, T)).containsExactly("1000=1.0");
    }
  }

  /** The commit finds it again: the drop came after the append had checked the handle. */
  @Test
  void aSeriesDroppedBetweenAppendAndCommitIsFoundAgainAtCommit() throws Exception {
    try (Head head = Head.open(dir.resolve("wal"), HeadOptions.DEFAULT)) {
      SeriesAppender a = head.appender();
      SeriesRef ref = a.ref(T, UP);
      a.append(ref, 1000, 1);
      assertThat(head.dropIfEmpty(List.of((MemSeries) ref))).isEqualTo(1);
      a.commit();
      assertThat(head.get(T, UP)).isNotNull().isNotSameAs(ref);
      assertThat(samples(head, T)).containsExactly("1000=1.0");
    }
    try (Head head = Head.open(dir.resolve("wal"), HeadOptions.DEFAULT)) {
      assertThat(samples(head, T)).containsExactly("1000=1.0");
    }
  }

  /** An appender kept over many commits checks for drops anew in each. */
  @Test
  void anAppenderKeptOverCommitsFindsSeriesDroppedInBetween() throws Exception {
    Labels other = Labels.of("__name__", "up", "job", "db");
    try (Head head = Head.open(dir.resolve("wal"), HeadOptions.DEFAULT)) {
      SeriesAppender a = head.appender();
      SeriesRef ref = a.ref(T, UP);
      a.append(T, other, 500, 5);
      a.commit();
      a.append(ref, 1000, 1);
      assertThat(head.dropIfEmpty(List.of((MemSeries) ref))).isEqualTo(1);
      a.commit();
      SeriesRef again = a.ref(T, UP);
      assertThat(head.dropIfEmpty(List.of((MemSeries) again))).isZero();
      a.append(ref, 2000, 2);
      a.commit();
      assertThat(samples(head, T)).containsExactly("1000=1.0", "2000=2.0", "500=5.0");
    }
  }

  @Test
  void aRefOfAnotherHeadIsLookedUpByItsLabels() throws Exception {
    try (Head other = Head.open(dir.resolve("other"), HeadOptions.DEFAULT);
        Head head = Head.open(dir.resolve("wal"), HeadOptions.DEFAULT)) {
      SeriesRef foreign = other.appender().ref(T, UP);
      SeriesAppender a = head.appender();
      a.append(foreign, 1000, 1);
      a.commit();
      assertThat(samples(head, T)).containsExactly("1000=1.0");
      assertThat(samples(other, T)).isEmpty();
      assertThat(head.get(T, UP)).isNotSameAs(foreign);
    }
  }

  @Test
  void refusalsNameTheReasonAndOnlyRefusedSamplesAreCounted() throws Exception {
    try (Head head = Head.open(dir.resolve("wal"), HeadOptions.DEFAULT.withMaxSeriesPerTenant(1))) {
      SeriesAppender a = head.appender();
      assertThatThrownBy(() -> a.ref(T, Labels.of("job", "api")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("metric name");
      a.ref(T, UP);
      Labels second = Labels.of("__name__", "down");
      assertThatThrownBy(() -> a.ref(T, second))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit of 1 active series");
      assertThat(head.stats().samplesSeriesLimit()).isZero();
      assertThatThrownBy(() -> a.append(SeriesRef.of(T, second), 1000, 1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(head.stats().samplesSeriesLimit()).isEqualTo(1);
    }
  }

  private static List<String> samples(Head head, Tenant tenant) {
    List<String> out = new ArrayList<>();
    try (SeriesQuerier q = head.querier(tenant, 0, Long.MAX_VALUE)) {
      for (Series s : q.select(List.of(LabelMatcher.equal("__name__", "up")))) {
        SampleIterator it = s.samples();
        while (it.next()) {
          out.add(it.timestamp() + "=" + it.value());
        }
      }
    }
    return out;
  }
}
