package dev.vigil.tsdb;

import static dev.vigil.tsdb.TsdbTesting.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
  private static final Tenant T = new Tenant("t");
  private static final Tenant OTHER = new Tenant("other");
  private static final Labels A = Labels.of("__name__", "a", "job", "x");
  private static final Labels B = Labels.of("__name__", "b", "job", "y");
  @TempDir Path dir;
  @TempDir Path restored;

  @Test
  void snapshotHoldsTheTenantsBlocksAndHeadAsBlocksAndLeavesTheStoreAsItWas() throws Exception {
    try (Tsdb tsdb = TsdbTesting.open(dir)) {
      SeriesAppender a = tsdb.appender();
      for (long t = 0; t < 3 * HOUR; t += 15_000) {
        a.append(T, A, t, t / 15_000 * 0.25);
        a.append(T, B, t + 3, Math.random());
        a.append(OTHER, A, t, 7);
      }
      a.commit();
      tsdb.headCompactor().cut(2 * HOUR);
      int blocksBefore = tsdb.blocks().size();
      assertThat(blocksBefore).isEqualTo(2);
      List<String> before = TsdbTesting.dump(tsdb, T);
      long headSeries = tsdb.seriesCount();

      String name = tsdb.snapshot(T, false);

      assertThat(name).matches("\\d{8}T\\d{6}Z-[0-9a-f]{16}");
      Path snap = dir.resolve("snapshots").resolve(name);
      assertThat(snap.resolve("t")).isDirectory();
      assertThat(snap.resolve("other")).doesNotExist();
      assertThat(dir.resolve("snapshots").resolve(name + ".tmp")).doesNotExist();
      // The store is untouched: same blocks, the head still holds its samples.
      assertThat(tsdb.blocks()).hasSize(blocksBefore);
      assertThat(tsdb.seriesCount()).isEqualTo(headSeries);
      assertThat(TsdbTesting.dump(tsdb, T)).isEqualTo(before);
      // One linked block (0-2 h) and one written from the head (2-3 h).
      try (Stream<Path> blocks = Files.list(snap.resolve("t"))) {
        assertThat(blocks.count()).isEqualTo(2);
      }

      // The snapshot is a blocks directory: a store opened on it answers the same, bit for bit.
      Files.move(snap, restored.resolve("blocks"));
      try (Tsdb copy = TsdbTesting.open(restored)) {
        assertThat(TsdbTesting.dump(copy, T)).isEqualTo(before).hasSize(2 * 720);
        assertThat(TsdbTesting.dump(copy, OTHER)).isEmpty();
      }
      // Linked, not moved: the store's own blocks are still whole.
      assertThat(TsdbTesting.dump(tsdb, T)).isEqualTo(before);
    }
  }

  @Test
  void skipHeadLinksOnlyTheBlocks() throws Exception {
    try (Tsdb tsdb = TsdbTesting.open(dir)) {
      SeriesAppender a = tsdb.appender();
      for (long t = 0; t < 3 * HOUR; t += 15_000) {
        a.append(T, A, t, 1);
      }
      a.commit();
      tsdb.headCompactor().cut(2 * HOUR);
      String name = tsdb.snapshot(T, true);
      try (Stream<Path> blocks = Files.list(dir.resolve("snapshots").resolve(name).resolve("t"))) {
        assertThat(blocks.count()).isEqualTo(1);
      }
    }
  }
}
