package dev.vigil.tracestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.trace.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {
  private static final Tenant TENANT = new Tenant("c");
  private static final long HOUR = 3_600_000L;
  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(1_800_000_000_000L / HOUR * HOUR);
  private final Map<TraceId, List<StoredSpan>> sent = new HashMap<>();

  private TraceStoreOptions options() {
    return TraceStoreOptions.defaults()
        .withClock(clock)
        .withMaintenanceInterval(Duration.ofHours(10))
        .withFlush(Duration.ofHours(10), 64 << 20)
        .withCompaction(Duration.ofHours(1), 256L << 20);
  }

  /** Four flushes ten minutes apart; every trace gets a late span in the next segment. */
  private void fillOneHour(TraceStore store, TraceGenerator g) throws Exception {
    List<StoredSpan> previous = List.of();
    for (int f = 0; f < 4; f++) {
      List<StoredSpan> batch = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        List<StoredSpan> t = g.trace();
        batch.addAll(t);
        sent.computeIfAbsent(t.get(0).span().traceId(), k -> new ArrayList<>()).addAll(t);
      }
      for (StoredSpan p : previous) {
        if (p.span().isRoot()) {
          Span x = p.span();
          StoredSpan late =
              new StoredSpan(
                  p.resource(),
                  p.scope(),
                  new Span(
                      x.traceId(),
                      x.spanId() + 1,
                      "",
                      x.spanId(),
                      0,
                      "late",
                      x.kind(),
                      x.endTimeUnixNano(),
                      x.endTimeUnixNano() + 5,
                      x.attributes(),
                      0,
                      List.of(),
                      0,
                      List.of(),
                      0,
                      x.status()));
          batch.add(late);
          sent.get(x.traceId()).add(late);
        }
      }
      store.sink().append(TraceGenerator.batch(TENANT, batch));
      store.flush();
      previous = batch;
      clock.advanceMillis(10 * 60_000L);
    }
    clock.advanceMillis(HOUR - 40 * 60_000L);
  }

  private long totalSent() {
    return sent.values().stream().mapToLong(List::size).sum();
  }

  private long segmentFiles() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("tenants/c/segments"))) {
      return s.filter(p -> p.toString().endsWith(".seg")).count();
    }
  }

  private void assertEverythingOnce(TraceStore store) throws Exception {
    for (Map.Entry<TraceId, List<StoredSpan>> e : sent.entrySet()) {
      assertThat(store.traceById(TENANT, e.getKey()).orElseThrow().spans())
          .containsExactlyInAnyOrderElementsOf(e.getValue());
    }
    TraceStoreStats s = store.stats(TENANT);
    assertThat(s.segmentSpans() + s.bufferedSpans()).isEqualTo(totalSent());
    assertThat(s.indexedSpans()).isEqualTo(s.segmentSpans());
    assertThat(
            store.search(
                TENANT, TraceSearch.traceQl("{ name = \"late\" }", 0, Long.MAX_VALUE, 10_000)))
        .allSatisfy(t -> assertThat(t.spanCount()).isEqualTo(sent.get(t.traceId()).size()))
        .hasSize(
            (int)
                sent.values().stream()
                    .filter(l -> l.stream().anyMatch(x -> x.span().name().equals("late")))
                    .count());
  }

  @Test
  void segmentsOfAPastWindowMergeAndLateSpansRejoinTheirTrace() throws Exception {
    TraceGenerator g = new TraceGenerator(6, clock.millis() * 1_000_000L);
    try (TraceStore store = TraceStore.open(dir, options())) {
      fillOneHour(store, g);
      fillOneHour(store, g);
      assertThat(segmentFiles()).isEqualTo(8);
      store.maintain(); // both windows are past: one merge per pass
      store.maintain();
      store.maintain();
      assertThat(segmentFiles()).isEqualTo(2);
      assertThat(store.stats(TENANT).compactions()).isEqualTo(2);
      assertEverythingOnce(store);
    }
    try (TraceStore store = TraceStore.open(dir, options())) {
      assertEverythingOnce(store);
    }
  }

  @Test
  void theCurrentWindowIsLeftAlone() throws Exception {
    TraceGenerator g = new TraceGenerator(6, clock.millis() * 1_000_000L);
    try (TraceStore store = TraceStore.open(dir, options())) {
      fillOneHour(store, g);
      clock.advanceMillis(-30 * 60_000L); // back inside the window the segments were written in
      store.maintain();
      assertThat(segmentFiles()).isEqualTo(4);
      assertThat(store.stats(TENANT).compactions()).isZero();
    }
  }

  @Test
  void aCrashBeforeTheInputsAreDeletedLeavesNoDuplicates() throws Exception {
    TraceGenerator g = new TraceGenerator(6, clock.millis() * 1_000_000L);
    Path saved = Files.createDirectories(dir.resolve("saved"));
    Path segments = dir.resolve("tenants/c/segments");
    try (TraceStore store = TraceStore.open(dir, options())) {
      fillOneHour(store, g);
      try (Stream<Path> s = Files.list(segments)) {
        for (Path p : s.toList()) {
          Files.copy(p, saved.resolve(p.getFileName()));
        }
      }
      store.maintain();
      assertThat(segmentFiles()).isEqualTo(1);
    }
    try (Stream<Path> s = Files.list(saved)) {
      for (Path p :
          s.toList()) { // the inputs are back, as if the process died before retiring them
        Files.copy(p, segments.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    try (TraceStore store = TraceStore.open(dir, options())) {
      assertThat(segmentFiles()).isEqualTo(1);
      assertEverythingOnce(store);
    }
  }

  @Test
  void mergedSegmentsKeepTheirInputsDocumentsUntilRetentionDeletesThemAll() throws Exception {
    TraceGenerator g = new TraceGenerator(7, clock.millis() * 1_000_000L);
    try (TraceStore store = TraceStore.open(dir, options())) {
      fillOneHour(store, g);
      long indexed = store.stats(TENANT).indexedSpans();
      store.maintain();
      assertThat(store.stats(TENANT).compactions()).isEqualTo(1);
      // Not indexed again: the documents are the inputs', as many as before.
      assertThat(store.stats(TENANT).indexedSpans()).isEqualTo(indexed);
      assertEverythingOnce(store);
      clock.advanceMillis(Duration.ofDays(8).toMillis()); // past the 7-day default retention
      store.maintain();
      assertThat(segmentFiles()).isZero();
      assertThat(store.stats(TENANT).indexedSpans()).isZero();
      assertThat(store.search(TENANT, TraceSearch.traceQl("{ }", 0, Long.MAX_VALUE, 100)))
          .isEmpty();
    }
  }

  @Test
  void anIndexRebuiltAfterACompactionIndexesTheMergedSegmentOnce() throws Exception {
    TraceGenerator g = new TraceGenerator(8, clock.millis() * 1_000_000L);
    try (TraceStore store = TraceStore.open(dir, options())) {
      fillOneHour(store, g);
      store.maintain();
    }
    try (Stream<Path> s = Files.list(dir.resolve("tenants/c/index"))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    try (TraceStore store = TraceStore.open(dir, options())) {
      assertEverythingOnce(store);
      clock.advanceMillis(Duration.ofDays(8).toMillis());
      store.maintain();
      assertThat(store.stats(TENANT).indexedSpans()).isZero();
    }
  }

  @Test
  void aCrashBeforeTheIndexRecordsTheMergeIndexesNothingTwice() throws Exception {
    TraceGenerator g = new TraceGenerator(9, clock.millis() * 1_000_000L);
    Path index = dir.resolve("tenants/c/index");
    Path saved = dir.resolve("saved-index");
    try (TraceStore store = TraceStore.open(dir, options())) {
      fillOneHour(store, g);
      store.flush();
    }
    copyDir(index, saved); // the index as it was before the merge: indexed through the inputs
    try (TraceStore store = TraceStore.open(dir, options())) {
      store.maintain();
      assertThat(store.stats(TENANT).compactions()).isEqualTo(1);
    }
    try (Stream<Path> s = Files.list(index)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    copyDir(saved, index);
    try (TraceStore store = TraceStore.open(dir, options())) {
      assertEverythingOnce(store); // indexedSpans == segmentSpans: not doubled
    }
  }

  private static void copyDir(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        if (!p.getFileName().toString().equals("write.lock")) {
          Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
