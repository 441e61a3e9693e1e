package dev.vigil.tsdb;

import static dev.vigil.tsdb.TsdbTesting.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.InMemorySeriesStore;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.tsdb.block.Block;
import dev.vigil.tsdb.head.HeadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionAndRetentionTest {
  private static final Tenant T = new Tenant("t");
  private static final Labels A = Labels.of("__name__", "a", "job", "x");
  private static final Labels B = Labels.of("__name__", "b", "job", "y");
  @TempDir Path dir;

  private static void write(Tsdb tsdb, InMemorySeriesStore ref, long from, long to, double bias)
      throws IOException {
    SeriesAppender a = tsdb.appender();
    SeriesAppender r = ref.appender();
    for (long t = from; t < to; t += 30_000) {
      a.append(T, A, t, t / 30_000 + bias);
      r.append(T, A, t, t / 30_000 + bias);
      if (t % 60_000 == 0) {
        a.append(T, B, t, bias);
        r.append(T, B, t, bias);
      }
    }
    a.commit();
    r.commit();
  }

  private static List<Block> blocks(Tsdb tsdb) {
    return tsdb.blocks().stream()
        .sorted((x, y) -> Long.compare(x.meta().minTime(), y.meta().minTime()))
        .toList();
  }

  @Test
  void mergesReencodeOldShortChunksIntoLongOnes() throws Exception {
    InMemorySeriesStore ref = new InMemorySeriesStore();
    // Blocks written with the old 120-sample chunks, then merged by a store writing 1920.
    try (Tsdb old =
        Tsdb.open(dir, HeadOptions.DEFAULT, TsdbTesting.MANUAL.withBlockChunkSamples(120, 120))) {
      for (int w = 0; w < 4; w++) {
        write(old, ref, w * 2 * HOUR, (w + 1) * 2 * HOUR, 0);
        old.flushHead();
      }
      // A at 30 s: 240 samples per 2 h block, in two chunks.
      assertThat(blocks(old).get(0).meta().chunks()).isEqualTo(2 + 1);
    }
    try (Tsdb tsdb = TsdbTesting.open(dir)) {
      List<String> before = TsdbTesting.dump(tsdb, T);
      assertThat(tsdb.compactBlocks()).isEqualTo(1);
      Block merged = blocks(tsdb).get(0);
      // 720 samples of A and 360 of B over 6 h: one chunk each.
      assertThat(merged.meta().chunks()).isEqualTo(2);
      assertThat(TsdbTesting.dump(tsdb, T)).isEqualTo(before).isEqualTo(TsdbTesting.dump(ref, T));
    }
  }

  @Test
  void adjacentBlocksMergeByLevelAndAnswerTheSame() throws Exception {
    InMemorySeriesStore ref = new InMemorySeriesStore();
    try (Tsdb tsdb = TsdbTesting.open(dir)) {
      for (int w = 0; w < 4; w++) {
        write(tsdb, ref, w * 2 * HOUR, (w + 1) * 2 * HOUR, 0);
        tsdb.flushHead();
      }
      assertThat(tsdb.blocks()).hasSize(4);
      List<String> before = TsdbTesting.dump(tsdb, T);
      assertThat(tsdb.compactBlocks()).isEqualTo(1);
      List<Block> after = blocks(tsdb);
      assertThat(after).hasSize(2);
      assertThat(after.get(0).meta().level()).isEqualTo(2);
      assertThat(after.get(0).meta().minTime()).isZero();
      assertThat(after.get(0).meta().maxTime()).isEqualTo(6 * HOUR - 30_000);
      assertThat(after.get(0).meta().sources()).hasSize(3);
      assertThat(after.get(0).meta().parents()).hasSize(3);
      assertThat(TsdbTesting.dump(tsdb, T)).isEqualTo(before).isEqualTo(TsdbTesting.dump(ref, T));
      assertThat(tsdb.blockStats().compactions()).isEqualTo(1);
      try (var s = Files.list(dir.resolve("blocks").resolve("t"))) {
        assertThat(s.count()).isEqualTo(2); // parents deleted
      }
    }
  }

  @Test
  void overlappingBlocksAreDeduplicatedAndTheLaterWriteWins() throws Exception {
    InMemorySeriesStore ref = new InMemorySeriesStore();
    try (Tsdb tsdb = TsdbTesting.open(dir)) {
      write(tsdb, ref, 0, HOUR, 0);
      tsdb.flushHead();
      write(tsdb, ref, 0, HOUR, 0); // the same samples again
      tsdb.flushHead();
      write(tsdb, ref, HOUR / 2, HOUR, 0.5); // overwrites half with other values
      tsdb.flushHead();
      assertThat(tsdb.blocks()).hasSize(3);
      List<String> expected = TsdbTesting.dump(ref, T);
      assertThat(TsdbTesting.dump(tsdb, T)).isEqualTo(expected);
      assertThat(tsdb.compactBlocks()).isEqualTo(1); // overlapping: merged without waiting
      assertThat(tsdb.blocks()).hasSize(1);
      assertThat(tsdb.blocks().get(0).meta().samples()).isEqualTo(expected.size());
      assertThat(TsdbTesting.dump(tsdb, T)).isEqualTo(expected);
    }
  }

  @Test
  void retentionByTimeDeletesWholeBlocksOlderThanTheNewestSampleMinusRetention() throws Exception {
    InMemorySeriesStore ref = new InMemorySeriesStore();
    TsdbOptions options =
        TsdbTesting.MANUAL
            .withRetention(10 * HOUR, 0)
            .withBlockRange(2 * HOUR, HOUR, List.of(6 * HOUR, 24 * HOUR));
    try (Tsdb tsdb = Tsdb.open(dir, HeadOptions.DEFAULT, options)) {
      for (int w = 0; w < 10; w++) {
        write(tsdb, ref, w * 2 * HOUR, (w + 1) * 2 * HOUR, 0);
        tsdb.maintain();
      }
      // Newest sample ~20 h: blocks ending before ~10 h are gone, whatever their level.
      assertThat(tsdb.blockStats().retentionDeletions()).isPositive();
      long newest = 20 * HOUR - 30_000;
      for (Block b : tsdb.blocks()) {
        assertThat(b.meta().maxTime()).isGreaterThanOrEqualTo(newest - 10 * HOUR);
      }
      assertThat(TsdbTesting.dump(tsdb, T, 0, 6 * HOUR - 1)).isEmpty();
      assertThat(TsdbTesting.dump(tsdb, T, 12 * HOUR, Long.MAX_VALUE))
          .isEqualTo(TsdbTesting.dump(ref, T, 12 * HOUR, Long.MAX_VALUE));
    }
  }

  @Test
  void retentionBySizeDeletesTheOldestBlocksFirst() throws Exception {
    InMemorySeriesStore ref = new InMemorySeriesStore();
    try (Tsdb tsdb = TsdbTesting.open(dir)) {
      for (int w = 0; w < 4; w++) {
        write(tsdb, ref, w * 2 * HOUR, (w + 1) * 2 * HOUR, 0);
        tsdb.flushHead();
      }
      long total = tsdb.blockStats().blockBytes();
      long newest = blocks(tsdb).get(3).meta().sizeBytes();
      new Retention(
              blocksOf(tsdb), TsdbTesting.MANUAL.withRetention(0, newest + 1), tsdb.statsInternal())
          .apply(Long.MIN_VALUE);
      assertThat(blocks(tsdb)).hasSize(1);
      assertThat(blocks(tsdb).get(0).meta().minTime()).isEqualTo(6 * HOUR);
      assertThat(tsdb.blockStats().retentionBytesDeleted()).isEqualTo(total - newest);
    }
  }

  @Test
  void aRetiredBlockStaysReadableUntilTheLastQuerierCloses() throws Exception {
    InMemorySeriesStore ref = new InMemorySeriesStore();
    try (Tsdb tsdb = TsdbTesting.open(dir)) {
      write(tsdb, ref, 0, 2 * HOUR, 0);
      tsdb.flushHead();
      Block block = tsdb.blocks().get(0);
      SeriesQuerier q = tsdb.querier(T, 0, Long.MAX_VALUE);
      Series s = q.select(List.of(LabelMatcher.equal("__name__", "a"))).get(0);
      new Retention(blocksOf(tsdb), TsdbTesting.MANUAL.withRetention(1, 0), tsdb.statsInternal())
          .apply(10 * HOUR);
      assertThat(tsdb.blocks()).isEmpty();
      assertThat(Files.exists(block.dir())).isTrue();
      SampleIterator it = s.samples();
      int n = 0;
      while (it.next()) {
        n++;
      }
      assertThat(n).isEqualTo(240);
      q.close();
      assertThat(Files.exists(block.dir())).isFalse();
      assertThat(TsdbTesting.dump(tsdb, T)).isEmpty();
    }
  }

  private static BlockSet blocksOf(Tsdb tsdb) {
    return tsdb.blockSet();
  }
}
