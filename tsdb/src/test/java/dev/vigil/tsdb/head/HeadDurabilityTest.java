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
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: what a commit acknowledged is back after a restart without close, and nothing else.
 */
class HeadDurabilityTest {
  private static final Tenant T = new Tenant("t");
  @TempDir Path dir;

  private static List<String> dump(Head head) {
    List<String> out = new ArrayList<>();
    try (SeriesQuerier q = head.querier(T, Long.MIN_VALUE, Long.MAX_VALUE)) {
      for (Series s :
          q.select(List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", ".+")))) {
        SampleIterator it = s.samples();
        while (it.next()) {
          out.add(s.labels() + "@" + it.timestamp() + "=" + it.value());
        }
      }
    }
    return out;
  }

  @Test
  void everyCommittedSampleIsBackAfterACrashAndNothingUncommitted() throws Exception {
    Path wal = dir.resolve("wal");
    Head head = Head.open(wal, HeadOptions.DEFAULT);
    SeriesAppender a = head.appender();
    for (int i = 0; i < 300; i++) {
      a.append(T, Labels.of("__name__", "m", "i", Integer.toString(i % 7)), 1000L * i, i);
      if (i % 50 == 49) {
        a.commit();
      }
    }
    a.commit();
    a.append(T, Labels.of("__name__", "never_committed"), 1, 1);
    List<String> before = dump(head);
    // No close: the process "dies" here. A second open reads what is on disk.
    Head reopened = Head.open(wal, HeadOptions.DEFAULT);
    assertThat(dump(reopened)).isEqualTo(before).hasSize(300);
    assertThat(reopened.seriesCount())
        .isEqualTo(8); // the uncommitted one's series was logged, empty
    reopened.close();
    head.close();
  }

  @Test
  void anUnforcedCommitIsVisibleAtOnceAndBackAfterACrashOfTheProcess() throws Exception {
    Path wal = dir.resolve("wal");
    Head head = Head.open(wal, HeadOptions.DEFAULT);
    SeriesAppender a = head.appender();
    a.append(T, Labels.of("__name__", "recorded"), 1000, 1);
    a.append(T, Labels.of("__name__", "recorded"), 2000, 2);
    a.commitUnforced();
    assertThat(dump(head)).hasSize(2);
    a.append(T, Labels.of("__name__", "never_committed"), 1, 1);
    // No close and no fsync: the records are in the operating system's cache, which a crash of
    // the process leaves alone.
    Head reopened = Head.open(wal, HeadOptions.DEFAULT);
    assertThat(dump(reopened)).isEqualTo(dump(head)).hasSize(2);
    reopened.close();
    head.close();
  }

  @Test
  void aWalTruncatedMidRecordLosesOnlyTheTornCommit() throws Exception {
    Path wal = dir.resolve("wal");
    Head head = Head.open(wal, HeadOptions.DEFAULT);
    SeriesAppender a = head.appender();
    a.append(T, Labels.of("__name__", "m"), 1000, 1);
    a.commit();
    a.append(T, Labels.of("__name__", "m"), 2000, 2);
    a.commit();
    a.append(T, Labels.of("__name__", "m"), 3000, 3);
    a.commit();
    head.close();
    Path segment;
    try (Stream<Path> files = Files.list(wal)) {
      segment = files.sorted().reduce((x, y) -> y).orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.setLength(f.length() - 3);
    }
    Head reopened = Head.open(wal, HeadOptions.DEFAULT);
    assertThat(dump(reopened)).containsExactly("m{}@1000=1.0", "m{}@2000=2.0");
    assertThat(reopened.stats().walCorruptions()).isEqualTo(1);
    SeriesAppender b = reopened.appender();
    b.append(T, Labels.of("__name__", "m"), 3000, 3);
    b.commit();
    reopened.close();
    Head third = Head.open(wal, HeadOptions.DEFAULT);
    assertThat(dump(third)).containsExactly("m{}@1000=1.0", "m{}@2000=2.0", "m{}@3000=3.0");
    third.close();
  }

  @Test
  void outOfOrderWithinTheWindowIsMergedOlderIsRefused() throws Exception {
    Head head = Head.open(dir.resolve("wal"), HeadOptions.DEFAULT.withOutOfOrderWindow(60_000));
    SeriesAppender a = head.appender();
    Labels l = Labels.of("__name__", "m");
    a.append(T, l, 100_000, 1);
    a.append(T, l, 110_000, 2);
    a.commit();
    a.append(T, l, 105_000, 1.5);
    a.append(T, l, 110_000, 2); // exact duplicate: accepted, no change
    a.commit();
    assertThatThrownBy(() -> a.append(T, l, 10_000, 0)).hasMessageContaining("out-of-order window");
    a.commit();
    assertThat(dump(head)).containsExactly("m{}@100000=1.0", "m{}@105000=1.5", "m{}@110000=2.0");
    assertThat(head.stats().samplesOutOfOrder()).isEqualTo(1);
    assertThat(head.stats().samplesTooOld()).isEqualTo(1);
    head.close();
    Head reopened = Head.open(dir.resolve("wal"), HeadOptions.DEFAULT.withOutOfOrderWindow(60_000));
    assertThat(dump(reopened))
        .containsExactly("m{}@100000=1.0", "m{}@105000=1.5", "m{}@110000=2.0");
    reopened.close();
  }

  @Test
  void theSeriesLimitRefusesNewSeriesWithAClearMessage() throws Exception {
    Head head = Head.open(dir.resolve("wal"), HeadOptions.DEFAULT.withMaxSeriesPerTenant(2));
    SeriesAppender a = head.appender();
    a.append(T, Labels.of("__name__", "a"), 1, 1);
    a.append(T, Labels.of("__name__", "b"), 1, 1);
    assertThatThrownBy(() -> a.append(T, Labels.of("__name__", "c"), 1, 1))
        .hasMessageContaining("limit of 2 active series");
    a.append(T, Labels.of("__name__", "a"), 2, 1); // existing series still accepted
    a.append(new Tenant("other"), Labels.of("__name__", "c"), 1, 1); // the limit is per tenant
    a.commit();
    assertThat(head.stats().samplesSeriesLimit()).isEqualTo(1);
    head.close();
  }
}
