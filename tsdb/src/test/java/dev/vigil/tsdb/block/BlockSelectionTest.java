package dev.vigil.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesQuerier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block's selections equal a filter over all its series, whatever the lengths of the postings
 * lists intersected (short lists searched in long ones, long lists kept decoded) and after the
 * selection cache is full.
 */
class BlockSelectionTest {
  @TempDir Path tenantDir;

  @Test
  void selectionsEqualAFilterOverEverySeries() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    TreeSet<Labels> unique = new TreeSet<>();
    while (unique.size() < 4_000) {
      unique.add(
          Labels.of(
              "__name__", "m" + random.nextInt(3),
              "job", "j" + (random.nextInt(10) == 0 ? random.nextInt(300) : random.nextInt(3)),
              "instance", "i" + random.nextInt(2_000),
              "code", "" + (200 + random.nextInt(5) * 100)));
    }
    List<Labels> every = new ArrayList<>(unique);
    Path dir;
    try (BlockWriter w = BlockWriter.create(tenantDir, "t", 120)) {
      for (Labels l : every) {
        w.startSeries(l);
        w.add(1_000L, 1);
        w.endSeries();
      }
      w.commit(1, 7, List.of(), List.of(), 3);
      dir = w.dir();
    }
    Block b = Block.open(dir);
    try (SeriesQuerier q = b.querier(0, 10_000)) {
      for (int round = 0; round < Block.MAX_SELECTIONS + 500; round++) {
        List<LabelMatcher> matchers = new ArrayList<>();
        matchers.add(LabelMatcher.equal("__name__", "m" + random.nextInt(4)));
        switch (random.nextInt(4)) {
          case 0 -> matchers.add(LabelMatcher.equal("job", "j" + random.nextInt(300)));
          case 1 -> matchers.add(LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "j1.*"));
          case 2 -> matchers.add(LabelMatcher.of(LabelMatcher.Type.NOT_EQUAL, "job", "j0"));
          default -> {}
        }
        if (random.nextBoolean()) {
          matchers.add(LabelMatcher.equal("instance", "i" + random.nextInt(2_000)));
        }
        if (random.nextBoolean()) {
          matchers.add(LabelMatcher.of(LabelMatcher.Type.REGEX, "code", "5.."));
        }
        List<Labels> expected =
            every.stream().filter(l -> matchers.stream().allMatch(m -> m.matches(l))).toList();
        assertThat(q.select(matchers).stream().map(Series::labels).toList())
            .as("%s", matchers)
            .containsExactlyElementsOf(expected);
      }
    }
    // Full (in entries or in ids held) and still holding what it had: it never starts over.
    int kept = b.keptSelections();
    assertThat(kept).isPositive().isLessThanOrEqualTo(Block.MAX_SELECTIONS);
    try (SeriesQuerier q = b.querier(0, 10_000)) {
      for (int i = 0; i < 1_000; i++) {
        q.select(List.of(LabelMatcher.equal("instance", "i" + i)));
      }
    }
    assertThat(b.keptSelections()).isGreaterThanOrEqualTo(kept);
    b.close();
  }

  @Test
  void indexEntriesKeptForQueriesAreTheEntriesOfTheFileWithinTheBudget() throws Exception {
    List<Labels> every = new ArrayList<>();
    Path dir;
    try (BlockWriter w = BlockWriter.create(tenantDir, "t", 4)) {
      for (int i = 0; i < 500; i++) {
        Labels l = Labels.of("__name__", "m", "instance", String.format("i%04d", i));
        every.add(l);
        w.startSeries(l);
        for (int t = 0; t < 3 + i % 20; t++) {
          w.add(1_000L * t, t);
        }
        w.endSeries();
      }
      w.commit(0, 30_000, List.of(), List.of(), 3);
      dir = w.dir();
    }
    long budget = 20_000;
    DecodedBlockChunks caches = new DecodedBlockChunks(4 * budget);
    try (IndexReader index = new IndexReader(dir, caches)) {
      for (int round = 0; round < 2; round++) {
        for (int id = 0; id < every.size(); id++) {
          IndexReader.Entry kept = index.series(id);
          IndexReader.Entry fresh = index.read(id);
          assertThat(kept.labels()).isEqualTo(fresh.labels()).isEqualTo(every.get(id));
          assertThat(kept.minT()).containsExactly(fresh.minT());
          assertThat(kept.maxT()).containsExactly(fresh.maxT());
          assertThat(kept.refs()).containsExactly(fresh.refs());
        }
      }
      // Full after the first round and holding what it had through the second.
      assertThat(index.keptEntryBytes()).isPositive().isLessThanOrEqualTo(budget);
      assertThat(caches.entryBytes()).isEqualTo(index.keptEntryBytes());
      assertThat(index.series(0)).isSameAs(index.series(0));
      assertThat(index.series(every.size() - 1)).isNotSameAs(index.series(every.size() - 1));
    }
    assertThat(caches.entryBytes()).as("given back at close").isZero();

    // A block keeps what queries read and not what compaction reads; without read caches, nothing.
    Block uncached = Block.open(dir);
    try (SeriesQuerier q = uncached.querier(0, 5_000)) {
      q.select(List.of(LabelMatcher.equal("__name__", "m")));
    }
    assertThat(uncached.keptEntryBytes()).isZero();
    uncached.close();
    Block b = Block.open(dir, new DecodedBlockChunks(64L << 20));
    for (int id = 0; id < b.seriesCount(); id++) {
      b.seriesAt(id);
    }
    assertThat(b.keptEntryBytes()).isZero();
    try (SeriesQuerier q = b.querier(0, 5_000)) {
      List<LabelMatcher> sel =
          List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "instance", "i00.."));
      List<Labels> first = q.select(sel).stream().map(Series::labels).toList();
      long bytes = b.keptEntryBytes();
      assertThat(bytes).isPositive();
      assertThat(q.select(sel).stream().map(Series::labels).toList())
          .hasSize(100)
          .containsExactlyElementsOf(first);
      assertThat(b.keptEntryBytes()).isEqualTo(bytes);
    }
    b.close();
  }

  @Test
  void gallopFindsTheFirstIdNotBelowTheKey() {
    int[] ids = {2, 3, 5, 8, 13, 21, 34, 55, 89};
    for (int key = 0; key < 100; key++) {
      for (int from = 0; from <= ids.length; from++) {
        int expected = from;
        while (expected < ids.length && ids[expected] < key) {
          expected++;
        }
        assertThat(Postings.gallop(ids, from, key))
            .as("key %d from %d", key, from)
            .isEqualTo(expected);
      }
    }
  }
}
