package dev.vigil.logindex;

import static dev.vigil.logindex.Logs.batch;
import static dev.vigil.logindex.Logs.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged record becomes searchable by the periodic refresh alone, within its interval; a
 * partition nobody searched lately is not refreshed periodically, and its next search sees every
 * record appended before it.
 */
class RefreshTest {
  @TempDir Path dir;

  long millisUntilSearchable(LogIndex index, String word) throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    index.sink().append(batch("svc", List.of(line(now, "refresh probe " + word))));
    long acked = System.nanoTime();
    while (index.search(Tenant.DEFAULT, "body:" + word, 0, Long.MAX_VALUE, 1).isEmpty()) {
      if (System.nanoTime() - acked > 10_000_000_000L) {
        throw new AssertionError("not searchable after 10 s");
      }
      Thread.sleep(5);
    }
    return (System.nanoTime() - acked) / 1_000_000;
  }

  @Test
  void theConfiguredIntervalBoundsTheDelay() throws Exception {
    try (LogIndex index =
        LogIndex.open(
            dir, LogIndexOptions.builder().refreshInterval(Duration.ofMillis(200)).build())) {
      millisUntilSearchable(index, "warmup");
      // 200 ms interval; the bound leaves room for a loaded shared CI machine.
      assertThat(millisUntilSearchable(index, "configured")).isLessThan(1000);
    }
  }

  @Test
  void theDefaultIsAboutASecond() throws Exception {
    try (LogIndex index = LogIndex.open(dir, LogIndexOptions.defaults())) {
      millisUntilSearchable(index, "warmup");
      // Default 1 s; at most one interval plus the refresh itself (margin for a shared machine).
      assertThat(millisUntilSearchable(index, "default")).isLessThan(2000);
    }
  }

  @Test
  void aSearchIdlePartitionsNextSearchSeesEverythingAppendedBeforeIt() throws Exception {
    try (LogIndex index =
        LogIndex.open(
            dir,
            LogIndexOptions.builder()
                .refreshInterval(Duration.ofMillis(20))
                .searchIdleAfter(Duration.ofMillis(200))
                .build())) {
      millisUntilSearchable(index, "warmup");
      for (int round = 0; round < 3; round++) {
        Thread.sleep(400); // no search: the partition goes search-idle
        long now = System.currentTimeMillis() * 1_000_000L;
        String word = "idle" + round;
        index.sink().append(batch("svc", List.of(line(now, "probe " + word))));
        Thread.sleep(100); // periodic refreshes would have made it visible by now; they are skipped
        assertThat(index.search(Tenant.DEFAULT, "body:" + word, 0, Long.MAX_VALUE, 1))
            .as("round %d", round)
            .hasSize(1);
        // Searched again: the periodic refresh is back within its interval.
        assertThat(millisUntilSearchable(index, "busy" + round)).isLessThan(1000);
      }
    }
  }
}
