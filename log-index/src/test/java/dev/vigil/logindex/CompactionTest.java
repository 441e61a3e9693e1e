package dev.vigil.logindex;

import static dev.vigil.logindex.Logs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logindex.query.Direction;
import dev.vigil.logindex.query.LogEntry;
import dev.vigil.logindex.store.PartitionSpan;
import dev.vigil.logindex.translog.SyncMode;
import dev.vigil.model.Attributes;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished partition is merged into one segment, not before its span is over, also when it was
 * closed before; it answers as before, and the merge is kept by the commit after it.
 */
class CompactionTest {
  static final long SEC = 1_000_000_000L;

  @TempDir Path dir;

  @Test
  void finishedQuietPartitionsBecomeOneSegment() throws Exception {
    MutableClock clock = new MutableClock(T0 + 3_600 * SEC);
    List<String> lines = new ArrayList<>();
    try (LogIndex index = open(clock)) {
      for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 40; i++) {
          int n = round * 40 + i;
          String line = "request " + n + " served by worker-" + (n % 7);
          lines.add(line);
          append(index, n, line);
        }
        index.commit(); // a segment per round
      }
      index.refresh();
      assertThat(segments()).isGreaterThan(1);
      // The day is not over yet: nothing to merge.
      assertThat(index.compactFinished()).isZero();
    }
    // A day later, after a restart: the partition is closed, found fragmented on disk, merged.
    clock.set(T0 + 2 * 86_400 * SEC);
    try (LogIndex index = open(clock)) {
      assertThat(segments()).isGreaterThan(1);
      assertThat(index.compactFinished()).isEqualTo(1);
      assertThat(index.compactFinished()).as("one segment holds it all").isZero();
      check(index, lines);
      index.commit();
      assertThat(segments()).isEqualTo(1);
    }
    try (LogIndex index = open(clock)) {
      assertThat(segments()).isEqualTo(1);
      check(index, lines);
      assertThat(index.compactFinished()).isZero();
    }
  }

  /**
   * Merges while the partition is written join neighbouring segments only: records arrive in time
   * order, so every segment, merged or not, keeps a time span of its own that queries can skip.
   */
  @Test
  void mergesDuringTheDayJoinNeighbouringSegments() throws Exception {
    MutableClock clock = new MutableClock(T0 + 3_600 * SEC);
    int rounds = 30;
    try (LogIndex index = open(clock)) {
      int n = 0;
      for (int round = 0; round < rounds; round++) {
        // Sizes alternate: a policy that picks segments by size would join ones far apart.
        int records = round % 2 == 0 ? 5 : 40;
        for (int i = 0; i < records; i++, n++) {
          append(index, n, "request " + n);
        }
        index.commit(); // a segment per round
      }
      long deadline = System.nanoTime() + 20 * SEC;
      while (segments() >= rounds && System.nanoTime() < deadline) {
        Thread.sleep(50);
        index.commit();
      }
    }
    List<long[]> spans = segmentSpans();
    assertThat(spans).as("segments after merging").hasSizeLessThan(rounds);
    spans.sort(java.util.Comparator.comparingLong(s -> s[0]));
    for (int i = 1; i < spans.size(); i++) {
      assertThat(spans.get(i)[0])
          .as("segment %d starts after segment %d ends", i, i - 1)
          .isGreaterThan(spans.get(i - 1)[1]);
    }
  }

  /** Record {@code n} of service cart: second {@code n} after T0, trace {@code n + 1}. */
  private static void append(LogIndex index, int n, String line) throws Exception {
    index
        .sink()
        .append(
            Logs.batch(
                "cart",
                List.of(
                    Logs.record(
                        T0 + n * SEC,
                        9,
                        "INFO",
                        line,
                        Attributes.EMPTY,
                        new TraceId(n + 1, 1),
                        n + 1))));
  }

  private List<long[]> segmentSpans() throws Exception {
    List<long[]> spans = new ArrayList<>();
    try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(partition()))) {
      for (org.apache.lucene.index.LeafReaderContext leaf : r.leaves()) {
        org.apache.lucene.index.NumericDocValues ts =
            leaf.reader().getNumericDocValues(dev.vigil.logindex.store.LogFields.TIMESTAMP);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        while (ts.nextDoc() != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS) {
          min = Math.min(min, ts.longValue());
          max = Math.max(max, ts.longValue());
        }
        spans.add(new long[] {min, max});
      }
    }
    return spans;
  }

  private LogIndex open(MutableClock clock) throws Exception {
    return LogIndex.open(
        dir,
        LogIndexOptions.builder()
            .clock(clock)
            .idleClose(Duration.ofMillis(1))
            .retention(Duration.ofDays(7))
            .syncMode(SyncMode.NEVER)
            .build());
  }

  private static void check(LogIndex index, List<String> lines) throws Exception {
    assertThat(
            index
                .logs(
                    Tenant.DEFAULT,
                    "{service_name=\"cart\"} |= \"worker-3\"",
                    0,
                    Long.MAX_VALUE,
                    1000,
                    Direction.BACKWARD)
                .stream()
                .map(LogEntry::line)
                .toList())
        .isEqualTo(lines.reversed().stream().filter(l -> l.contains("worker-3")).toList());
    assertThat(index.trace(Tenant.DEFAULT, new TraceId(43, 1), 0, Long.MAX_VALUE, 10))
        .extracting(LogEntry::line)
        .containsExactly(lines.get(42));
  }

  private Path partition() {
    return dir.resolve("tenants")
        .resolve(Tenant.DEFAULT.id())
        .resolve(PartitionSpan.of(PartitionSpan.Granularity.DAY, T0).name());
  }

  private int segments() throws Exception {
    try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(partition()))) {
      return r.leaves().size();
    }
  }
}
