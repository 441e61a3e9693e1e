package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.tsdb.wal.FsyncPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Reads through decoded chunks must see exactly what streaming the chunk bytes sees, for every
 * window and seek pattern, whatever the budget evicts; and the budget holds.
 */
class DecodedChunkPropertyTest {

  private static HeadOptions options(long budget) {
    return new HeadOptions(
        FsyncPolicy.NEVER, 1000, 600_000, 1000, 12, 3_600_000, 1 << 20, budget, 100);
  }

  @Property(tries = 300)
  void decodedReadsEqualStreamedReads(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 200) int n,
      @ForAll @LongRange(min = 1, max = 4000) long budget) {
    Random rnd = new Random(seed);
    DecodedChunkCache cache = new DecodedChunkCache(budget);
    MemSeries cached = new MemSeries(1, Tenant.DEFAULT, Labels.of("__name__", "m"), cache);
    MemSeries streamed =
        new MemSeries(2, Tenant.DEFAULT, Labels.of("__name__", "m"), new DecodedChunkCache(0));
    long t = 1_000_000;
    for (int i = 0; i < n; i++) {
      long ts = rnd.nextInt(8) == 0 ? t - rnd.nextInt(60_000) : (t += 1 + rnd.nextInt(30_000));
      double v = rnd.nextInt(20) == 0 ? Double.NaN : rnd.nextInt(1000) / 8.0;
      cached.append(ts, v, options(budget), Long.MIN_VALUE);
      streamed.append(ts, v, options(0), Long.MIN_VALUE);
      if (rnd.nextInt(10) == 0) {
        compareReads(rnd, cached, streamed, t);
      }
    }
    for (int i = 0; i < 6; i++) {
      compareReads(rnd, cached, streamed, t);
    }
    assertThat(cache.usedBytes()).isLessThanOrEqualTo(budget);
  }

  @Property(tries = 50)
  void aChunkReadTwiceIsDecodedOnceAndThenServedFromTheCache(
      @ForAll @IntRange(min = 13, max = 100) int n) {
    DecodedChunkCache cache = new DecodedChunkCache(1 << 20);
    MemSeries s = new MemSeries(1, Tenant.DEFAULT, Labels.of("__name__", "m"), cache);
    for (int i = 0; i < n; i++) {
      s.append(1000L * (i + 1), i, options(1 << 20), Long.MIN_VALUE);
    }
    int chunks = s.snapshot(Long.MIN_VALUE, Long.MAX_VALUE).chunks().size();
    for (int read = 0; read < 3; read++) {
      SampleIterator it = s.snapshot(Long.MIN_VALUE, Long.MAX_VALUE).samples();
      int seen = 0;
      while (it.next()) {
        assertThat(it.value()).isEqualTo(seen++);
      }
      assertThat(seen).isEqualTo(n);
    }
    assertThat(cache.decodes()).isEqualTo(chunks);
    assertThat(cache.hits()).isEqualTo(chunks);
    assertThat(cache.usedBytes()).isPositive();
  }

  private static void compareReads(Random rnd, MemSeries cached, MemSeries streamed, long t) {
    long minT = t - rnd.nextInt(2_000_000);
    long maxT = minT + rnd.nextInt(3_000_000);
    List<Long> seeks = new ArrayList<>();
    for (int k = rnd.nextInt(6); k > 0; k--) {
      seeks.add(minT + rnd.nextInt(3_000_000) - 100_000);
    }
    assertThat(trace(cached.snapshot(minT, maxT).samples(), seeks))
        .isEqualTo(trace(streamed.snapshot(minT, maxT).samples(), seeks));
  }

  /** Seeks interleaved with a few nexts, then the rest: what the iterator answered, in order. */
  private static List<String> trace(SampleIterator it, List<Long> seeks) {
    List<String> out = new ArrayList<>();
    for (long target : seeks) {
      out.add(it.seek(target) ? it.timestamp() + "=" + bits(it.value()) : "seek-none");
      out.add(it.next() ? it.timestamp() + "=" + bits(it.value()) : "none");
    }
    while (it.next()) {
      out.add(it.timestamp() + "=" + bits(it.value()));
    }
    return out;
  }

  private static String bits(double v) {
    return Long.toHexString(Double.doubleToRawLongBits(v));
  }
}
