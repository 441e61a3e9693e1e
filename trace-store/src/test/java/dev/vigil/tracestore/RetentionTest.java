package dev.vigil.tracestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
  private static final Tenant TENANT = new Tenant("keep");
  private static final long HOUR = 3_600_000L;
  @TempDir Path dir;

  private static List<TraceId> appendAndFlush(TraceStore store, TraceGenerator g, int traces)
      throws Exception {
    List<TraceId> ids = new ArrayList<>();
    for (int i = 0; i < traces; i++) {
      List<StoredSpan> t = g.trace();
      ids.add(t.get(0).span().traceId());
      store.sink().append(TraceGenerator.batch(TENANT, t));
    }
    store.flush();
    return ids;
  }

  private long segmentFiles() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("tenants/keep/segments"))) {
      return s.filter(p -> p.toString().endsWith(".seg")).count();
    }
  }

  @Test
  void segmentsOlderThanTheRetentionAreDeletedWhole() throws Exception {
    MutableClock clock = new MutableClock(1_800_000_000_000L);
    TraceStoreOptions o =
        TraceStoreOptions.defaults()
            .withClock(clock)
            .withMaintenanceInterval(Duration.ofHours(1))
            .withFlush(Duration.ofHours(1), 64 << 20)
            .withRetention(Duration.ofHours(24), 0);
    TraceGenerator g = new TraceGenerator(4, clock.millis() * 1_000_000L);
    try (TraceStore store = TraceStore.open(dir, o)) {
      List<TraceId> old = appendAndFlush(store, g, 20);
      clock.advanceMillis(20 * HOUR);
      List<TraceId> recent = appendAndFlush(store, g, 20);
      clock.advanceMillis(5 * HOUR); // old is 25 h old, recent 5 h
      store.maintain();
      assertThat(segmentFiles()).isEqualTo(1);
      assertThat(store.stats(TENANT).deletedSegments()).isEqualTo(1);
      for (TraceId id : old) {
        assertThat(store.traceById(TENANT, id)).isEmpty();
      }
      for (TraceId id : recent) {
        assertThat(store.traceById(TENANT, id)).isPresent();
      }
      assertThat(store.search(TENANT, TraceSearch.traceQl("{ }", 0, Long.MAX_VALUE, 1000)))
          .extracting(TraceSummary::traceId)
          .containsExactlyInAnyOrderElementsOf(recent);
      assertThat(store.stats(TENANT).indexedSpans()).isEqualTo(store.stats(TENANT).segmentSpans());
    }
  }

  @Test
  void theOldestSegmentsGoWhenTheTenantExceedsItsSize() throws Exception {
    MutableClock clock = new MutableClock(1_800_000_000_000L);
    TraceStoreOptions o =
        TraceStoreOptions.defaults()
            .withClock(clock)
            .withMaintenanceInterval(Duration.ofHours(1))
            .withFlush(Duration.ofHours(1), 64 << 20);
    TraceGenerator g = new TraceGenerator(4, clock.millis() * 1_000_000L);
    List<List<TraceId>> generations = new ArrayList<>();
    long oneSegment;
    try (TraceStore store = TraceStore.open(dir, o)) {
      for (int i = 0; i < 4; i++) {
        generations.add(appendAndFlush(store, g, 30));
      }
      // A segment's share of the disk: its file and a quarter of the search index.
      oneSegment = (store.stats(TENANT).segmentBytes() + store.stats(TENANT).indexBytes()) / 4;
      assertThat(store.stats(TENANT).indexBytes()).isPositive();
    }
    // Room for a bit more than two segments with their index: the two oldest must go.
    try (TraceStore store =
        TraceStore.open(
            dir, o.withRetention(Duration.ofDays(7), oneSegment * 2 + oneSegment / 2))) {
      store.maintain();
      assertThat(segmentFiles()).isEqualTo(2);
      assertThat(store.traceById(TENANT, generations.get(0).get(0))).isEmpty();
      assertThat(store.traceById(TENANT, generations.get(1).get(0))).isEmpty();
      assertThat(store.traceById(TENANT, generations.get(2).get(0))).isPresent();
      assertThat(store.traceById(TENANT, generations.get(3).get(0))).isPresent();
    }
  }
}
