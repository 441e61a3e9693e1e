package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import dev.vigil.tsdb.wal.FsyncPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A snapshot finds its closed chunks from the two ends of the range without looking at the ones
 * between, and takes the open chunk's bounds from its current copy when there is one: it must hold
 * exactly the chunks that overlap the range, for ranges that start and end before, inside, between
 * and after the chunks, also after a head cut truncated the series, whether the open chunk was
 * copied by an earlier read or not.
 */
class SnapshotRangePropertyTest {
  private static final HeadOptions OPTIONS =
      new HeadOptions(FsyncPolicy.NEVER, 1000, 600_000, 1000, 5, 3_600_000, 1 << 20, 0, 100);

  @Property(tries = 300)
  void snapshotHoldsExactlyTheChunksOverlappingItsRange(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 120) int n) {
    MemSeries read = series(seed, n);
    List<HeadChunk> all = read.snapshot(Long.MIN_VALUE, Long.MAX_VALUE).chunks();
    long newest = all.isEmpty() ? 1_000_000 : all.get(all.size() - 1).maxTime();
    Random rnd = new Random(~seed);
    for (int q = 0; q < 40; q++) {
      long a = 900_000 + rnd.nextLong(newest - 900_000 + 200_000);
      long b = a + rnd.nextLong(rnd.nextBoolean() ? 50_000 : 2_000_000);
      List<String> expected = new ArrayList<>();
      for (HeadChunk c : all) {
        if (c.maxTime() >= a && c.minTime() <= b) {
          expected.add(c.minTime() + "-" + c.maxTime());
        }
      }
      // The same series read before (its open chunk copied) or never read.
      MemSeries s = rnd.nextBoolean() ? read : series(seed, n);
      List<String> actual = new ArrayList<>();
      for (HeadChunk c : s.snapshot(a, b).chunks()) {
        actual.add(c.minTime() + "-" + c.maxTime());
      }
      assertThat(actual).as("chunks in [%d, %d]", a, b).containsExactlyElementsOf(expected);
    }
  }

  /** {@code n} random appends after 1,000,000 ms, then perhaps a truncation: the same per seed. */
  private static MemSeries series(long seed, int n) {
    Random rnd = new Random(seed);
    MemSeries s =
        new MemSeries(1, Tenant.DEFAULT, Labels.of("__name__", "m"), new DecodedChunkCache(0));
    long t = 1_000_000;
    for (int i = 0; i < n; i++) {
      t += 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 200_000 : 20_000);
      s.append(t, rnd.nextInt(100), OPTIONS, Long.MIN_VALUE);
    }
    if (n > 0 && rnd.nextBoolean()) {
      s.truncateBelow(1_000_000 + rnd.nextLong(t - 1_000_000 + 1), null);
    }
    return s;
  }
}
