package dev.vigil.logindex;

import static dev.vigil.logindex.Logs.T0;
import static dev.vigil.logindex.Logs.batch;
import static dev.vigil.logindex.Logs.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logindex.query.Direction;
import dev.vigil.logindex.query.LogEntry;
import dev.vigil.logindex.store.PartitionSpan;
import dev.vigil.model.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole partitions past the retention go from disk and from every query. */
class RetentionTest {
  static final long HOUR = 3_600_000_000_000L;
  @TempDir Path dir;

  @Test
  void oldPartitionsAreDeletedAndNeverQueried() throws Exception {
    MutableClock clock = new MutableClock(T0 + 3 * HOUR);
    LogIndexOptions options =
        LogIndexOptions.builder()
            .clock(clock)
            .granularity(PartitionSpan.Granularity.HOUR)
            .retention(Duration.ofHours(4))
            .build();
    try (LogIndex index = LogIndex.open(dir, options)) {
      for (int h = 0; h < 4; h++) {
        index.sink().append(batch("svc", List.of(line(T0 + h * HOUR, "hour " + h))));
      }
      index.refresh();
      assertThat(partitions()).hasSize(4);

      clock.set(T0 + 6 * HOUR); // hours 0 and 1 now end at or before now - 4h
      assertThat(index.applyRetention()).isEqualTo(2);
      assertThat(partitions()).hasSize(2);
      assertThat(index.stats().partitionsDeleted()).isEqualTo(2);
      List<LogEntry> left =
          index.logs(
              Tenant.DEFAULT, "{service_name=\"svc\"}", 0, Long.MAX_VALUE, 100, Direction.FORWARD);
      assertThat(left).extracting(LogEntry::line).containsExactly("hour 2", "hour 3");
      assertThat(index.search(Tenant.DEFAULT, "body:hour", 0, Long.MAX_VALUE, 100)).hasSize(2);
    }
    // Nor do they come back from the translog on the next start.
    try (LogIndex index = LogIndex.open(dir, options)) {
      assertThat(partitions()).hasSize(2);
      assertThat(index.search(Tenant.DEFAULT, "*:*", 0, Long.MAX_VALUE, 100))
          .extracting(LogEntry::line)
          .containsExactlyInAnyOrder("hour 2", "hour 3");
    }
  }

  private List<Path> partitions() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("tenants/default"))) {
      return s.toList();
    }
  }
}
