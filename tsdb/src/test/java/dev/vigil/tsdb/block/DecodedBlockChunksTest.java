package dev.vigil.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleBuffer;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.SampleRun;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesQuerier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads of block chunks through the decoded cache must equal reads that decode every time, for any
 * window and budget; a chunk read twice is then served from the cache; closing the block frees its
 * entries.
 */
class DecodedBlockChunksTest {
  @TempDir Path tenantDir;

  private Path writeBlock(Random rnd) throws Exception {
    List<Labels> series = new ArrayList<>();
    for (int s = 0; s < 20; s++) {
      series.add(Labels.of("__name__", "m", "s", String.format("%03d", s)));
    }
    try (BlockWriter w = BlockWriter.create(tenantDir, "t", 120)) {
      for (Labels l : series) {
        w.startSeries(l);
        long t = 1_000_000L;
        double v = 0;
        for (int i = 0; i < 300 + rnd.nextInt(300); i++) {
          t += rnd.nextInt(4) == 0 ? 15_000 + rnd.nextInt(7) : 15_000;
          v = rnd.nextInt(10) == 0 ? Double.NaN : rnd.nextInt(3) == 0 ? v : v + rnd.nextInt(50);
          w.add(t, v);
        }
        w.endSeries();
      }
      w.commit(1, 7, List.of(), List.of(), 3);
      return w.dir();
    }
  }

  @Test
  void cachedReadsEqualDecodedReadsUnderAnyBudget() throws Exception {
    Random rnd = new Random(42);
    Path dir = writeBlock(rnd);
    for (long budget : new long[] {1, 5_000, 50_000, 1 << 24}) {
      DecodedBlockChunks cache = new DecodedBlockChunks(budget);
      Block cached = Block.open(dir, cache);
      Block plain = Block.open(dir);
      for (int round = 0; round < 20; round++) {
        long from = 1_000_000L + rnd.nextInt(9_000_000);
        long to = from + rnd.nextInt(4_000_000);
        try (SeriesQuerier a = cached.querier(from, to);
            SeriesQuerier b = plain.querier(from, to)) {
          List<Series> sa = a.select(List.of(LabelMatcher.equal("__name__", "m")));
          List<Series> sb = b.select(List.of(LabelMatcher.equal("__name__", "m")));
          assertThat(sa).hasSameSizeAs(sb);
          for (int i = 0; i < sa.size(); i++) {
            assertThat(loaded(sa.get(i), from, to)).isEqualTo(loaded(sb.get(i), from, to));
            assertThat(runs(sa.get(i))).isEqualTo(runs(sb.get(i)));
          }
        }
        assertThat(cache.usedBytes()).isLessThanOrEqualTo(budget);
      }
      if (budget == 1 << 24) {
        assertThat(cache.hits()).isPositive();
        assertThat(cache.decodes()).isPositive();
      }
      cached.close();
      plain.close();
      assertThat(cache.usedBytes()).isZero();
    }
  }

  /**
   * A bulk read of whole chunks (a range query's scan) streams them however often it comes, so a
   * scan larger than the budget cannot churn the cache; reads that cut chunks decode them on their
   * second read, and whole reads then use what is decoded.
   */
  @Test
  void wholeChunkBulkReadsStreamAndPartialReadsDecode() throws Exception {
    Path dir = writeBlock(new Random(7));
    Block plain = Block.open(dir);
    // A cache with room to spare serves a repeated scan: decoded on its second read.
    DecodedBlockChunks roomy = new DecodedBlockChunks(1 << 24);
    Block block = Block.open(dir, roomy);
    int chunks = 0;
    for (int read = 0; read < 3; read++) {
      chunks = 0;
      try (SeriesQuerier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE);
          SeriesQuerier p = plain.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        List<Series> a = q.select(List.of(LabelMatcher.equal("__name__", "m")));
        List<Series> b = p.select(List.of(LabelMatcher.equal("__name__", "m")));
        for (int i = 0; i < a.size(); i++) {
          chunks += a.get(i).runs().size();
          assertThat(loaded(a.get(i), Long.MIN_VALUE, Long.MAX_VALUE))
              .isEqualTo(loaded(b.get(i), Long.MIN_VALUE, Long.MAX_VALUE));
        }
      }
    }
    assertThat(chunks).isGreaterThan(20);
    assertThat(roomy.decodes()).as("decoded on the second scan").isEqualTo(chunks);
    assertThat(roomy.hits()).as("served on the third").isEqualTo(chunks);
    long roomyBytes = roomy.usedBytes();
    block.close();
    assertThat(roomyBytes).isPositive();

    // A cache at half its budget or more: whole chunks stream and are not marked as read.
    DecodedBlockChunks full = new DecodedBlockChunks(1);
    block = Block.open(dir, full);
    for (int read = 0; read < 3; read++) {
      try (SeriesQuerier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE);
          SeriesQuerier p = plain.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        List<Series> a = q.select(List.of(LabelMatcher.equal("__name__", "m")));
        List<Series> b = p.select(List.of(LabelMatcher.equal("__name__", "m")));
        for (int i = 0; i < a.size(); i++) {
          assertThat(loaded(a.get(i), Long.MIN_VALUE, Long.MAX_VALUE))
              .isEqualTo(loaded(b.get(i), Long.MIN_VALUE, Long.MAX_VALUE));
        }
      }
    }
    block.close();
    // A budget of one byte is always at half of it or more: nothing is marked, nothing decodes.
    assertThat(full.decodes()).as("whole chunks never decode into a full cache").isZero();
    assertThat(full.hits()).isZero();

    // Chunks the range cuts are window edges: decoded on their second read whatever the fill, and
    // whole reads then use them.
    DecodedBlockChunks edges = new DecodedBlockChunks(roomyBytes * 3);
    block = Block.open(dir, edges);
    for (int read = 0; read < 2; read++) {
      try (SeriesQuerier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        for (Series s : q.select(List.of(LabelMatcher.equal("__name__", "m")))) {
          long from = s.runs().get(0).minTime() + 1;
          assertThat(loaded(s, from, Long.MAX_VALUE)).isNotEmpty();
        }
      }
    }
    assertThat(edges.decodes()).isGreaterThanOrEqualTo(20);
    block.close();
    plain.close();
  }

  private static List<String> loaded(Series s, long from, long to) {
    SampleBuffer buf = new SampleBuffer();
    s.appendSamples(from, to, buf);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < buf.size(); i++) {
      out.add(buf.timestamps()[i] + "=" + Double.doubleToRawLongBits(buf.values()[i]));
    }
    return out;
  }

  private static List<String> runs(Series s) {
    List<String> out = new ArrayList<>();
    for (SampleRun r : s.runs()) {
      SampleIterator it = r.samples();
      while (it.next()) {
        out.add(it.timestamp() + "=" + Double.doubleToRawLongBits(it.value()));
      }
      out.add("|");
    }
    return out;
  }
}
