package dev.vigil.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesQuerier;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block files round-trip, and every kind of damage is refused naming the file. */
class BlockFormatTest {
  @TempDir Path tenantDir;
  private Path dir;

  @BeforeEach
  void write() throws Exception {
    List<Labels> series = new java.util.ArrayList<>();
    for (int s = 0; s < 50; s++) {
      series.add(
          Labels.of(
              "__name__", "m", "s", String.format("%03d", s), "odd", s % 2 == 1 ? "yes" : ""));
    }
    series.sort(null);
    try (BlockWriter w = BlockWriter.create(tenantDir, "t", 120)) {
      for (Labels l : series) {
        int s = Integer.parseInt(l.get("s"));
        w.startSeries(l);
        for (int i = 0; i < 500; i++) {
          w.add(1_000_000L + i * 15_000L, s + i * 0.25);
        }
        w.endSeries();
      }
      w.commit(1, 7, List.of(), List.of(), 3);
      dir = w.dir();
    }
  }

  @Test
  void selectionsAreKeptAndStayRightAcrossQueriers() throws Exception {
    Block b = Block.open(dir);
    List<LabelMatcher> odd = List.of(LabelMatcher.equal("odd", "yes"));
    List<LabelMatcher> notOdd =
        List.of(LabelMatcher.equal("__name__", "m"), LabelMatcher.equal("odd", ""));
    List<LabelMatcher> some = List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "s", "00[1-4]"));
    for (int round = 0; round < 3; round++) {
      // Different time ranges each round: the kept ids are the block's, the range is the querier's.
      long from = 1_000_000L + round * 200 * 15_000L;
      try (SeriesQuerier q = b.querier(from, from + 10 * 15_000L)) {
        assertThat(q.select(odd))
            .extracting(x -> Integer.parseInt(x.labels().get("s")) % 2)
            .hasSize(25)
            .containsOnly(1);
        assertThat(q.select(notOdd))
            .extracting(x -> Integer.parseInt(x.labels().get("s")) % 2)
            .hasSize(25)
            .containsOnly(0);
        assertThat(q.select(some))
            .extracting(x -> x.labels().get("s"))
            .containsExactlyInAnyOrder("001", "002", "003", "004");
        SampleIterator it = q.select(some).get(0).samples();
        assertThat(it.next()).isTrue();
        assertThat(it.timestamp()).isEqualTo(from);
      }
      assertThat(b.keptSelections()).isEqualTo(3);
    }
    b.close();
  }

  @Test
  void aWrittenBlockReadsBackWithItsMeta() throws Exception {
    Block b = Block.open(dir);
    BlockMeta m = b.meta();
    assertThat(m.series()).isEqualTo(50);
    assertThat(m.samples()).isEqualTo(50 * 500);
    assertThat(m.chunks()).isEqualTo(50 * 5); // 500 samples in chunks of 120
    assertThat(m.minTime()).isEqualTo(1_000_000L);
    assertThat(m.maxTime()).isEqualTo(1_000_000L + 499 * 15_000L);
    assertThat(m.sources()).containsExactly(m.id());
    assertThat(m.walCut()).isEqualTo(3);
    assertThat(m.sequence()).isEqualTo(7);
    assertThat(dir.getFileName().toString()).isEqualTo(m.id());
    assertThat(Files.readString(dir.resolve("meta.json")))
        .startsWith("{\"format\":\"vigil-block\",\"version\":1,");
    b.verify();
    try (SeriesQuerier q = b.querier(1_000_000L + 100 * 15_000L, 1_000_000L + 130 * 15_000L)) {
      List<Series> odd = q.select(List.of(LabelMatcher.equal("odd", "yes")));
      assertThat(odd).hasSize(25);
      SampleIterator it = odd.get(0).samples();
      assertThat(it.next()).isTrue();
      assertThat(it.timestamp()).isEqualTo(1_000_000L + 100 * 15_000L);
      assertThat(it.value()).isEqualTo(1 + 100 * 0.25);
      assertThat(it.seek(1_000_000L + 125 * 15_000L)).isTrue();
      assertThat(it.value()).isEqualTo(1 + 125 * 0.25);
      int n = 1;
      while (it.next()) {
        n++;
      }
      assertThat(n).isEqualTo(6);
      assertThatThrownBy(() -> q.select(List.of(LabelMatcher.equal("odd", ""))))
          .isInstanceOf(IllegalArgumentException.class);
    }
    try (SeriesQuerier q = b.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertThat(
              q.select(List.of(LabelMatcher.equal("__name__", "m"), LabelMatcher.equal("odd", ""))))
          .hasSize(25);
      assertThat(q.labelNames(List.of())).containsExactly("__name__", "odd", "s");
      assertThat(q.labelValues("odd", List.of())).containsExactly("yes");
    }
    assertThat(b.find(Labels.of("__name__", "m", "s", "007", "odd", "yes")).labels().get("s"))
        .isEqualTo("007");
    assertThat(b.find(Labels.of("__name__", "m", "s", "007"))).isNull();
    b.close();
  }

  private static void flip(Path file, long offset) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x10);
    }
  }

  @Test
  void aFlippedIndexByteFailsTheIndexChecksum() throws Exception {
    flip(dir.resolve("index"), 40);
    assertThatThrownBy(() -> Block.open(dir))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("index")
        .hasMessageContaining("checksum mismatch")
        .satisfies(
            e -> assertThat(((CorruptBlockException) e).file()).isEqualTo(dir.resolve("index")));
  }

  @Test
  void aFlippedChunkByteIsCaughtWhenThatChunkIsRead() throws Exception {
    flip(dir.resolve("chunks"), 20);
    Block b = Block.open(dir); // opening reads no chunk
    try (SeriesQuerier q = b.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SampleIterator it =
          q.select(List.of(LabelMatcher.equal("s", "001")))
              .get(0)
              .samples(); // first in label order
      assertThatThrownBy(it::next)
          .isInstanceOf(CorruptBlockException.class)
          .hasMessageContaining("chunks")
          .hasMessageContaining("checksum mismatch in the chunk at 8");
    }
    assertThatThrownBy(b::verify)
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("chunks");
    b.close();
  }

  @Test
  void aTruncatedFileIsRefusedAtOpen() throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("chunks").toFile(), "rw")) {
      f.setLength(f.length() - 100);
    }
    assertThatThrownBy(() -> Block.open(dir))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("chunks")
        .hasMessageContaining("truncated");
  }

  @Test
  void badMagicAndUnknownVersionsAreRefused() throws Exception {
    flip(dir.resolve("index"), 4);
    assertThatThrownBy(() -> Block.open(dir))
        .hasMessageContaining("index")
        .hasMessageContaining("format version 17");
    flip(dir.resolve("index"), 4);
    flip(dir.resolve("chunks"), 0);
    assertThatThrownBy(() -> Block.open(dir))
        .hasMessageContaining("chunks")
        .hasMessageContaining("bad magic");
  }

  @Test
  void anEditedMetaFailsItsChecksum() throws Exception {
    Path meta = dir.resolve("meta.json");
    Files.writeString(meta, Files.readString(meta).replace("\"walCut\":3", "\"walCut\":4"));
    assertThatThrownBy(() -> Block.open(dir))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("meta.json")
        .hasMessageContaining("checksum mismatch");
  }
}
