package dev.vigil.logindex;

import static dev.vigil.logindex.Logs.batch;
import static dev.vigil.logindex.Logs.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.logindex.logql.LogQLParseException;
import dev.vigil.logindex.query.LogEntry;
import dev.vigil.logindex.query.QueryException;
import dev.vigil.logindex.tail.Tail;
import dev.vigil.logindex.tail.TailListener;
import dev.vigil.model.Attributes;
import dev.vigil.model.Tenant;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tail sees new matching lines of its tenant within a second, without waiting for refresh. */
class LiveTailTest {
  @TempDir Path dir;
  LogIndex index;
  final Collected got = new Collected();

  static class Collected implements TailListener {
    final List<LogEntry> entries = new CopyOnWriteArrayList<>();
    final List<Tail.Dropped> dropped = new CopyOnWriteArrayList<>();
    volatile Exception error;

    @Override
    public void onEntries(List<LogEntry> e, List<Tail.Dropped> d) {
      entries.addAll(e);
      dropped.addAll(d);
    }

    @Override
    public void onError(Exception e) {
      error = e;
    }

    List<String> lines() {
      return entries.stream().map(LogEntry::line).toList();
    }
  }

  @BeforeEach
  void open() throws Exception {
    // A refresh interval far beyond the test: the tail must not depend on it.
    index =
        LogIndex.open(
            dir,
            LogIndexOptions.builder()
                .refreshInterval(java.time.Duration.ofHours(1))
                .maxTails(2)
                .build());
  }

  @AfterEach
  void close() throws Exception {
    index.close();
  }

  static void await(long millis, BooleanSupplier done) throws InterruptedException {
    long until = System.currentTimeMillis() + millis;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > until) {
        throw new AssertionError("not within " + millis + " ms");
      }
      Thread.sleep(5);
    }
  }

  static long now() {
    return System.currentTimeMillis() * 1_000_000L;
  }

  /**
   * A quiet tail hears about its quietness every keep-alive interval (so the server can ping the
   * client); a tail that delivers lines does not in between.
   */
  @Test
  void aQuietTailIsToldSoEveryKeepAliveInterval() throws Exception {
    try (LogIndex quick =
        LogIndex.open(
            dir.resolve("quick"),
            LogIndexOptions.builder()
                .refreshInterval(java.time.Duration.ofHours(1))
                .tailKeepAlive(java.time.Duration.ofMillis(300))
                .build())) {
      java.util.concurrent.atomic.AtomicInteger idle =
          new java.util.concurrent.atomic.AtomicInteger();
      Collected lines =
          new Collected() {
            @Override
            public void onIdle() {
              idle.incrementAndGet();
            }
          };
      try (Tail t = quick.tail(Tenant.DEFAULT, "{service_name=\"pay\"}", -1, 0, 0, lines)) {
        await(3000, () -> idle.get() >= 3);
        // Lines every 100 ms keep it from being idle (a line may land just after a keep-alive).
        int before = idle.get();
        for (int i = 0; i < 20; i++) {
          quick.sink().append(batch("pay", List.of(line(now(), "line " + i))));
          Thread.sleep(100);
        }
        // Without lines it would have been told six times in these two seconds.
        assertThat(idle.get()).isLessThanOrEqualTo(before + 2);
        await(1000, () -> lines.entries.size() == 20);
        assertThat(t.droppedTotal()).isZero();
      }
    }
  }

  @Test
  void newMatchingLinesOfTheTenantArriveWithinASecond() throws Exception {
    try (Tail t =
        index.tail(Tenant.DEFAULT, "{service_name=\"pay\"} |= \"error\"", -1, 0, 0, got)) {
      long sent = System.nanoTime();
      index.sink().append(batch("pay", List.of(line(now(), "an error here"), line(now(), "fine"))));
      index.sink().append(batch("cart", List.of(line(now(), "cart error"))));
      index
          .sink()
          .append(
              batch(
                  new Tenant("other"),
                  Attributes.of("service.name", "pay"),
                  List.of(line(now(), "other tenant error"))));
      await(1000, () -> !got.entries.isEmpty());
      assertThat(System.nanoTime() - sent).isLessThan(1_000_000_000L);
      Thread.sleep(300);
      assertThat(got.lines()).containsExactly("an error here");
      assertThat(got.entries.get(0).labels().get("service_name")).isEqualTo("pay");
      assertThat(t.droppedTotal()).isZero();
    }
  }

  @Test
  void backfillComesFirstAndNothingTwice() throws Exception {
    long t0 = now() - 60_000_000_000L;
    index.sink().append(batch("pay", List.of(line(t0, "old 1"), line(t0 + 1, "old 2"))));
    try (Tail t = index.tail(Tenant.DEFAULT, "{service_name=\"pay\"}", t0 - 1, 100, 0, got)) {
      await(2000, () -> got.entries.size() == 2);
      index.sink().append(batch("pay", List.of(line(now(), "new"))));
      await(1000, () -> got.entries.size() == 3);
      Thread.sleep(300);
      assertThat(got.lines()).containsExactly("old 1", "old 2", "new");
    }
  }

  @Test
  void delayForHoldsLinesBackAndSortsThem() throws Exception {
    try (Tail t = index.tail(Tenant.DEFAULT, "{service_name=\"pay\"}", -1, 0, 500_000_000L, got)) {
      long base = now();
      index.sink().append(batch("pay", List.of(line(base + 5, "later"))));
      index.sink().append(batch("pay", List.of(line(base, "earlier"))));
      Thread.sleep(250);
      assertThat(got.entries).isEmpty();
      await(2000, () -> got.entries.size() == 2);
      assertThat(got.lines()).containsExactly("earlier", "later");
    }
  }

  @Test
  void closedTailsGetNothingAndFreeTheirSlot() throws Exception {
    Tail a = index.tail(Tenant.DEFAULT, "{service_name=\"pay\"}", -1, 0, 0, got);
    Tail b = index.tail(Tenant.DEFAULT, "{service_name=\"pay\"}", -1, 0, 0, got);
    assertThatThrownBy(() -> index.tail(Tenant.DEFAULT, "{service_name=\"pay\"}", -1, 0, 0, got))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("too many live tails open (limit 2)");
    a.close();
    b.close();
    index.sink().append(batch("pay", List.of(line(now(), "nobody listens"))));
    Thread.sleep(300);
    assertThat(got.entries).isEmpty();
    index.tail(Tenant.DEFAULT, "{service_name=\"pay\"}", -1, 0, 0, got).close();
  }

  @Test
  void aTailThatFallsBehindDropsAndReportsWhatItDroppedWithoutSlowingAppends() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Collected slow =
        new Collected() {
          @Override
          public void onEntries(List<LogEntry> e, List<Tail.Dropped> d) {
            try {
              release.await(); // a client that does not read
            } catch (InterruptedException x) {
              Thread.currentThread().interrupt();
            }
            super.onEntries(e, d);
          }
        };
    try (Tail t = index.tail(Tenant.DEFAULT, "{service_name=\"pay\"}", -1, 0, 0, slow)) {
      long start = System.nanoTime();
      for (int i = 0; i < 1100; i++) {
        index.sink().append(batch("pay", List.of(line(now(), "line " + i))));
      }
      assertThat(System.nanoTime() - start)
          .as("appends never wait for the tail")
          .isLessThan(30_000_000_000L);
      await(2000, () -> t.droppedTotal() > 0);
      release.countDown();
      await(5000, () -> slow.entries.size() + t.droppedTotal() == 1100 && !slow.dropped.isEmpty());
      assertThat(slow.entries.size() + t.droppedTotal()).isEqualTo(1100);
      assertThat(slow.dropped.get(0).labels().get("service_name")).isEqualTo("pay");
      assertThat(slow.dropped).hasSize((int) Math.min(1000, t.droppedTotal()));
    }
  }

  @Test
  void badQueriesAreRefusedWithTheirReason() {
    assertThatThrownBy(() -> index.tail(Tenant.DEFAULT, "{service_name=\"pay\"", -1, 0, 0, got))
        .isInstanceOf(LogQLParseException.class);
    assertThatThrownBy(() ->
            index.tail(
                Tenant.DEFAULT, "count_over_time({service_name=\"pay\"}[1m])", -1, 0, 0, got))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("is a metric query; a tail follows a log query");
    assertThatThrownBy(
            () -> index.tail(Tenant.DEFAULT, "{service_name=\"pay\"}", -1, 0, 6_000_000_000L, got))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("delay_for must be between 0 and 5 seconds, got 6.0 s");
    assertThatThrownBy(() -> index.tail(Tenant.DEFAULT, "{service_name=\"pay\"}", 0, 0, 0, got))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("limit must be positive");
  }
}
