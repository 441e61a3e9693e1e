package dev.vigil.tsdb;

import static dev.vigil.tsdb.TsdbTesting.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.InMemorySeriesStore;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.tsdb.block.Block;
import dev.vigil.tsdb.block.BlockMeta;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crashes between the steps of a head cut, and damaged blocks at start. A "crash" abandons the open
 * Tsdb (never closed, nothing more written) and opens a second one on the same directory.
 */
class TsdbDurabilityTest {
  private static final Tenant T = new Tenant("t");
  private static final Tenant U = new Tenant("u");
  @TempDir Path dir;

  /** Writes 5 h of 15 s samples for a few series of two tenants into both stores. */
  private static void fill(
      SeriesAppender a, InMemorySeriesStore ref, long fromMillis, long toMillis)
      throws IOException {
    SeriesAppender r = ref.appender();
    for (long t = fromMillis; t < toMillis; t += 15_000) {
      for (int i = 0; i < 3; i++) {
        Tenant tenant = i == 2 ? U : T;
        Labels l = Labels.of("__name__", "m", "i", Integer.toString(i));
        a.append(tenant, l, t, t / 1000.0 + i);
        r.append(tenant, l, t, t / 1000.0 + i);
      }
      if (t % (20 * 15_000) == 0) {
        a.commit();
      }
    }
    a.commit();
    r.commit();
  }

  @ParameterizedTest(name = "crash after: {0}")
  @ValueSource(strings = {"blocks written", "head truncated"})
  void aCrashInsideAHeadCutLosesAndDuplicatesNothing(String step) throws Exception {
    InMemorySeriesStore ref = new InMemorySeriesStore();
    Tsdb crashed = TsdbTesting.open(dir);
    fill(crashed.appender(), ref, 0, 5 * HOUR);
    crashed.headCompactor().crashPoint =
        s -> {
          if (s.equals(step)) {
            throw new IOException("simulated crash after " + s);
          }
        };
    assertThatThrownBy(crashed::maintain).hasMessageContaining("simulated crash");

    try (Tsdb reopened = TsdbTesting.open(dir)) {
      assertThat(reopened.blockStats().blocksRolledBack()).isEqualTo(2); // one per tenant
      assertThat(reopened.blocks()).isEmpty();
      assertThat(TsdbTesting.dump(reopened, T)).isEqualTo(TsdbTesting.dump(ref, T));
      assertThat(TsdbTesting.dump(reopened, U)).isEqualTo(TsdbTesting.dump(ref, U));
      reopened.maintain();
      assertThat(reopened.blocks()).hasSize(2);
      assertThat(TsdbTesting.dump(reopened, T)).isEqualTo(TsdbTesting.dump(ref, T));
    }
    try (Tsdb third = TsdbTesting.open(dir)) {
      assertThat(TsdbTesting.dump(third, T)).isEqualTo(TsdbTesting.dump(ref, T));
      assertThat(TsdbTesting.dump(third, U)).isEqualTo(TsdbTesting.dump(ref, U));
    }
  }

  @Test
  void aCrashAfterTheCheckpointKeepsTheBlocksAndReplaysOnlyTheRest() throws Exception {
    InMemorySeriesStore ref = new InMemorySeriesStore();
    Tsdb crashed = TsdbTesting.open(dir);
    fill(crashed.appender(), ref, 0, 5 * HOUR);
    crashed.maintain();
    long headBytes = crashed.headChunkBytes();
    assertThat(crashed.blocks()).hasSize(2);
    try (Tsdb reopened = TsdbTesting.open(dir)) {
      assertThat(reopened.blockStats().blocksRolledBack()).isZero();
      assertThat(reopened.blocks()).hasSize(2);
      assertThat(reopened.headChunkBytes()).isEqualTo(headBytes);
      assertThat(TsdbTesting.dump(reopened, T)).isEqualTo(TsdbTesting.dump(ref, T));
      assertThat(TsdbTesting.dump(reopened, U)).isEqualTo(TsdbTesting.dump(ref, U));
    }
  }

  @Test
  void lateSamplesForAPersistedRangeStayQueryableAndAreMergedLater() throws Exception {
    InMemorySeriesStore ref = new InMemorySeriesStore();
    try (Tsdb tsdb = TsdbTesting.open(dir)) {
      fill(tsdb.appender(), ref, 0, 5 * HOUR);
      tsdb.maintain();
      long before = tsdb.blocks().stream().filter(b -> b.meta().tenant().equals("t")).count();
      // A series first seen now, with samples in the persisted first hours.
      SeriesAppender a = tsdb.appender();
      SeriesAppender r = ref.appender();
      for (long t = 0; t < HOUR; t += 60_000) {
        a.append(T, Labels.of("__name__", "late"), t, 1);
        r.append(T, Labels.of("__name__", "late"), t, 1);
      }
      a.commit();
      r.commit();
      assertThat(TsdbTesting.dump(tsdb, T)).isEqualTo(TsdbTesting.dump(ref, T));
      tsdb.flushHead();
      assertThat(tsdb.blocks().stream().filter(b -> b.meta().tenant().equals("t")).count())
          .isGreaterThan(before);
      assertThat(TsdbTesting.dump(tsdb, T)).isEqualTo(TsdbTesting.dump(ref, T));
      tsdb.compactBlocks();
      assertThat(TsdbTesting.dump(tsdb, T)).isEqualTo(TsdbTesting.dump(ref, T));
    }
    try (Tsdb reopened = TsdbTesting.open(dir)) {
      assertThat(TsdbTesting.dump(reopened, T)).isEqualTo(TsdbTesting.dump(ref, T));
    }
  }

  @ParameterizedTest(name = "damaged {0}")
  @ValueSource(strings = {"chunks", "index", "meta.json"})
  void aDamagedBlockIsQuarantinedAndTheStoreStillStarts(String file) throws Exception {
    InMemorySeriesStore ref = new InMemorySeriesStore();
    try (Tsdb tsdb = TsdbTesting.open(dir)) {
      fill(tsdb.appender(), ref, 0, 5 * HOUR);
      tsdb.flushHead();
    }
    Path victim = firstBlockOf("u").resolve(file);
    try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
      f.setLength(f.length() - 3); // torn
    }
    try (Tsdb reopened = TsdbTesting.open(dir)) {
      assertThat(reopened.blockStats().blocksQuarantined()).isEqualTo(1);
      // The damaged block held the first 2 h; the others still serve the rest.
      assertThat(TsdbTesting.dump(reopened, U))
          .isEqualTo(TsdbTesting.dump(ref, U, 2 * HOUR, Long.MAX_VALUE));
      assertThat(TsdbTesting.dump(reopened, T)).isEqualTo(TsdbTesting.dump(ref, T));
      try (Stream<Path> q = Files.list(dir.resolve("quarantine").resolve("u"))) {
        assertThat(q.count()).isEqualTo(1);
      }
    }
  }

  private Path firstBlockOf(String tenant) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("blocks").resolve(tenant))) {
      List<Path> l = s.toList();
      assertThat(l).hasSize(3);
      for (Path p : l) {
        if (BlockMeta.read(p).minTime() == 0) {
          return p;
        }
      }
      throw new AssertionError("no block starts at 0");
    }
  }

  @Test
  void aMergeInterruptedBeforeDeletingItsParentsIsFinishedAtStart() throws Exception {
    InMemorySeriesStore ref = new InMemorySeriesStore();
    Path parentCopy = dir.resolve("saved");
    try (Tsdb tsdb = TsdbTesting.open(dir)) {
      for (int w = 0; w < 4; w++) {
        fill(tsdb.appender(), ref, w * 2 * HOUR, (w + 1) * 2 * HOUR);
        tsdb.flushHead();
      }
      Block first =
          tsdb.blocks().stream()
              .filter(b -> b.meta().tenant().equals("t"))
              .min((a, b) -> Long.compare(a.meta().minTime(), b.meta().minTime()))
              .orElseThrow();
      copyTree(first.dir(), parentCopy);
      assertThat(tsdb.compactBlocks()).isEqualTo(2);
      // The parent comes back, as if the crash hit between the merge's rename and the deletion.
      copyTree(parentCopy, first.dir());
    }
    try (Tsdb reopened = TsdbTesting.open(dir)) {
      assertThat(reopened.blocks().stream().filter(b -> b.meta().tenant().equals("t"))).hasSize(2);
      assertThat(TsdbTesting.dump(reopened, T)).isEqualTo(TsdbTesting.dump(ref, T));
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }
}
