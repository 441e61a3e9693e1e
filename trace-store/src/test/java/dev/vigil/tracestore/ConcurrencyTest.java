package dev.vigil.tracestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appenders, size-triggered flushes (a tiny buffer, so appenders also hit the wait-for-flush path),
 * age flushes, compactions, trace reads and searches all at once: every acknowledged span stays
 * readable at every moment, and the final counts are exact.
 */
class ConcurrencyTest {
  private static final Tenant TENANT = new Tenant("busy");
  @TempDir Path dir;

  @Test
  void appendsFlushesAndReadsInterleave() throws Exception {
    TraceStoreOptions o =
        TraceStoreOptions.defaults()
            .withFlush(Duration.ofMillis(30), 60_000)
            .withMaintenanceInterval(Duration.ofMillis(10))
            .withCompaction(Duration.ofMillis(300), 256L << 20);
    Map<TraceId, Integer> acked = new ConcurrentHashMap<>();
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try (TraceStore store = TraceStore.open(dir, o)) {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int seed = w;
        writers.add(
            pool.submit(() -> {
              TraceGenerator g = new TraceGenerator(seed, 1_800_000_000_000_000_000L);
              for (int i = 0; i < 150; i++) {
                List<StoredSpan> t = g.trace();
                store.sink().append(TraceGenerator.batch(TENANT, t));
                acked.put(t.get(0).span().traceId(), t.size());
              }
              return null;
            }));
      }
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(
            pool.submit(() -> {
              while (!done.get()) {
                for (Map.Entry<TraceId, Integer> e : List.copyOf(acked.entrySet())) {
                  Trace t = store.traceById(TENANT, e.getKey()).orElseThrow();
                  assertThat(t.spans()).hasSize(e.getValue());
                }
                store.search(
                    TENANT, TraceSearch.traceQl("{ status = error }", 0, Long.MAX_VALUE, 50));
              }
              return null;
            }));
      }
      for (Future<?> f : writers) {
        f.get();
      }
      done.set(true);
      for (Future<?> f : readers) {
        f.get();
      }
      TraceStoreStats s = store.stats(TENANT);
      long sent = acked.values().stream().mapToLong(x -> x).sum();
      assertThat(s.appendedSpans()).isEqualTo(sent);
      assertThat(s.segmentSpans() + s.bufferedSpans()).isEqualTo(sent);
      assertThat(s.flushes()).isGreaterThan(5);
      assertThat(s.compactions()).as("compactions ran under the readers").isPositive();
      store.flush();
      assertThat(store.stats(TENANT).indexedSpans()).isEqualTo(sent);
      assertThat(store.search(TENANT, TraceSearch.traceQl("{ }", 0, Long.MAX_VALUE, 10_000)))
          .hasSize(acked.size());
    } finally {
      pool.shutdownNow();
    }
  }
}
