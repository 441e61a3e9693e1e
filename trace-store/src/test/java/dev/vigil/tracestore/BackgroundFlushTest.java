package dev.vigil.tracestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full buffers are written to segments by the store's flusher, not by the request that filled them;
 * a writer faster than the flusher is held back so that memory stays at about two buffers.
 */
class BackgroundFlushTest {
  private static final Tenant TENANT = new Tenant("bf");
  @TempDir Path dir;

  @Test
  void fullBuffersBecomeSegmentsWithMemoryBoundedAndNothingLost() throws Exception {
    long max = 64 << 10;
    TraceGenerator g = new TraceGenerator(5, 1_800_000_000_000_000_000L);
    List<StoredSpan> all = new ArrayList<>();
    long peakBuffered = 0;
    long biggestBatch = 0;
    try (TraceStore store =
        TraceStore.open(
            dir,
            TraceStoreOptions.defaults()
                // Only full buffers flush here: the age-based pass never runs.
                .withMaintenanceInterval(Duration.ofHours(1))
                .withFlush(Duration.ofHours(1), max))) {
      for (int i = 0; i < 3000; i++) {
        List<StoredSpan> t = g.trace();
        all.addAll(t);
        long before = store.stats(TENANT).bufferedBytes();
        store.sink().append(TraceGenerator.batch(TENANT, t));
        TraceStoreStats now = store.stats(TENANT);
        biggestBatch = Math.max(biggestBatch, now.bufferedBytes() - before);
        peakBuffered = Math.max(peakBuffered, now.bufferedBytes());
      }
      long deadline = System.currentTimeMillis() + 10_000;
      while (store.stats(TENANT).bufferedBytes() >= max && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      TraceStoreStats s = store.stats(TENANT);
      assertThat(s.segments()).as("flushed without maintenance or an explicit flush").isPositive();
      assertThat(s.bufferedBytes()).isLessThan(max);
      assertThat(peakBuffered).isLessThanOrEqualTo(2 * max + biggestBatch);
      assertThat(s.segmentSpans() + s.bufferedSpans()).isEqualTo(all.size());
      for (int i = 0; i < all.size(); i += 97) {
        StoredSpan span = all.get(i);
        assertThat(store.traceById(TENANT, span.span().traceId()).orElseThrow().spans())
            .contains(span);
      }
    }
  }
}
