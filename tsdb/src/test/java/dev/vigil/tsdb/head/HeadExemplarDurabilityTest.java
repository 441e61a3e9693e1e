package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.ExemplarSample;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesExemplars;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exemplars are in the WAL before the commit returns: back after a crash, and nothing else. */
class HeadExemplarDurabilityTest {
  private static final Tenant T = new Tenant("t");
  private static final Labels BUCKET = Labels.of("__name__", "latency_bucket", "le", "0.5");
  private static final List<List<LabelMatcher>> ALL =
      List.of(List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", ".+")));

  @TempDir Path dir;

  private static ExemplarSample exemplar(String trace, long t) {
    return new ExemplarSample(Labels.of("trace_id", trace, "span_id", "00f067aa0ba902b7"), 0.25, t);
  }

  @Test
  void committedExemplarsAreBackAfterACrashAndUncommittedOnesAreNot() throws Exception {
    Path wal = dir.resolve("wal");
    Head head = Head.open(wal, HeadOptions.DEFAULT);
    SeriesAppender a = head.appender();
    for (int i = 0; i < 50; i++) {
      a.append(T, BUCKET, 1000L * i, i);
      a.appendExemplar(T, BUCKET, exemplar("trace" + i, 1000L * i));
      if (i % 10 == 9) {
        a.commit();
      }
    }
    a.appendExemplar(T, BUCKET, exemplar("never-committed", 99_000));
    List<SeriesExemplars> before = head.exemplars(T, Long.MIN_VALUE, Long.MAX_VALUE, ALL);
    assertThat(before).singleElement().satisfies(s -> assertThat(s.exemplars()).hasSize(50));
    // No close: the process "dies" here.
    Head reopened = Head.open(wal, HeadOptions.DEFAULT);
    assertThat(reopened.exemplars(T, Long.MIN_VALUE, Long.MAX_VALUE, ALL)).isEqualTo(before);
    assertThat(reopened.stats().exemplarsAppended()).isEqualTo(50);
    reopened.close();
    head.close();
  }

  @Test
  void aTornTailLosesOnlyTheTornCommitsExemplars() throws Exception {
    Path wal = dir.resolve("wal");
    Head head = Head.open(wal, HeadOptions.DEFAULT);
    SeriesAppender a = head.appender();
    a.appendExemplar(T, BUCKET, exemplar("first", 1000));
    a.commit();
    a.appendExemplar(T, BUCKET, exemplar("second", 2000));
    a.commit();
    head.close();
    Path segment;
    try (Stream<Path> files = Files.list(wal)) {
      segment = files.sorted().reduce((x, y) -> y).orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.setLength(f.length() - 5);
    }
    Head reopened = Head.open(wal, HeadOptions.DEFAULT);
    assertThat(reopened.exemplars(T, Long.MIN_VALUE, Long.MAX_VALUE, ALL))
        .singleElement()
        .satisfies(s -> assertThat(s.exemplars()).containsExactly(exemplar("first", 1000)));
    assertThat(reopened.stats().walCorruptions()).isEqualTo(1);
    reopened.close();
  }

  @Test
  void aHeadCutKeepsInTheWalTheExemplarsAtOrAfterItsBoundary() throws Exception {
    Path wal = dir.resolve("wal");
    Head head = Head.open(wal, HeadOptions.DEFAULT);
    SeriesAppender a = head.appender();
    for (int i = 0; i < 10; i++) {
      a.append(T, BUCKET, 1000L * i, i);
      a.appendExemplar(T, BUCKET, exemplar("trace" + i, 1000L * i));
    }
    a.commit();
    try (HeadCut cut = head.beginCut(5000)) {
      cut.checkpoint();
    }
    // Memory still holds all ten; the WAL keeps those the head still covers.
    assertThat(head.exemplars(T, Long.MIN_VALUE, Long.MAX_VALUE, ALL).get(0).exemplars())
        .hasSize(10);
    Head reopened = Head.open(wal, HeadOptions.DEFAULT);
    assertThat(reopened.exemplars(T, Long.MIN_VALUE, Long.MAX_VALUE, ALL).get(0).exemplars())
        .extracting(ExemplarSample::timestamp)
        .containsExactly(5000L, 6000L, 7000L, 8000L, 9000L);
    reopened.close();
    head.close();
  }

  @Test
  void withExemplarsOffTheyAreRefusedWithAReasonAndCounted() throws Exception {
    Head head = Head.open(dir.resolve("wal"), HeadOptions.DEFAULT.withMaxExemplarsPerTenant(0));
    SeriesAppender a = head.appender();
    assertThatThrownBy(() -> a.appendExemplar(T, BUCKET, exemplar("x", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exemplar storage is off");
    assertThat(head.stats().exemplarsOff()).isEqualTo(1);
    head.close();
  }

  @Test
  void anExemplarOverTheSeriesLimitIsRefusedWithAReasonAndCounted() throws Exception {
    Head head = Head.open(dir.resolve("wal"), HeadOptions.DEFAULT.withMaxSeriesPerTenant(1));
    SeriesAppender a = head.appender();
    a.append(T, Labels.of("__name__", "only"), 1, 1);
    assertThatThrownBy(() -> a.appendExemplar(T, BUCKET, exemplar("x", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit of 1 active series");
    assertThat(head.stats().exemplarsSeriesLimit()).isEqualTo(1);
    head.close();
  }
}
