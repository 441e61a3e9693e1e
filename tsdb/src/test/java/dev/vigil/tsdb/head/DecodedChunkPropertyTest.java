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

  /**
   * Rules read the newest samples of a long open chunk again after every append: reads through the
   * open chunk's resumed decoding must equal streamed reads under appends, out-of-order samples,
   * head cuts (truncation) and evictions by a small budget.
   */
  @Property(tries = 300)
  void resumedOpenChunkReadsEqualStreamedReads(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 400) int n,
      @ForAll @LongRange(min = 1, max = 20_000) long budget) {
    Random rnd = new Random(seed);
    HeadOptions cachedOptions = longChunks(budget);
    HeadOptions streamedOptions = longChunks(0);
    DecodedChunkCache cache = new DecodedChunkCache(budget);
    MemSeries cached = new MemSeries(1, Tenant.DEFAULT, Labels.of("__name__", "m"), cache);
    MemSeries streamed =
        new MemSeries(2, Tenant.DEFAULT, Labels.of("__name__", "m"), new DecodedChunkCache(0));
    long t = 1_000_000;
    double v = 0;
    for (int i = 0; i < n; i++) {
      long ts;
      if (rnd.nextInt(12) == 0) {
        ts = t - rnd.nextInt(60_000);
      } else {
        ts = t += rnd.nextInt(3) == 0 ? 15_000 + rnd.nextInt(5) : 15_000;
      }
      v = rnd.nextInt(3) == 0 ? v : rnd.nextInt(4) == 0 ? Double.NaN : v + rnd.nextInt(10);
      cached.append(ts, v, cachedOptions, Long.MIN_VALUE);
      streamed.append(ts, v, streamedOptions, Long.MIN_VALUE);
      if (rnd.nextInt(40) == 0) {
        long boundary = t - rnd.nextInt(600_000);
        cached.truncateBelow(boundary, null);
        streamed.truncateBelow(boundary, null);
      }
      if (rnd.nextInt(3) == 0) {
        long from = t - rnd.nextInt(1_000_000);
        assertThat(trace(cached.snapshot(from, t).samples(), List.of()))
            .isEqualTo(trace(streamed.snapshot(from, t).samples(), List.of()));
        dev.vigil.model.series.SampleBuffer a = new dev.vigil.model.series.SampleBuffer();
        dev.vigil.model.series.SampleBuffer b = new dev.vigil.model.series.SampleBuffer();
        cached.snapshot(from, t).appendSamples(from, t, a);
        streamed.snapshot(from, t).appendSamples(from, t, b);
        assertThat(a.size()).isEqualTo(b.size());
        for (int k = 0; k < a.size(); k++) {
          assertThat(a.timestamps()[k]).isEqualTo(b.timestamps()[k]);
          assertThat(Double.doubleToRawLongBits(a.values()[k]))
              .isEqualTo(Double.doubleToRawLongBits(b.values()[k]));
        }
      }
    }
    compareReads(rnd, cached, streamed, t);
    assertThat(cache.usedBytes()).isLessThanOrEqualTo(budget);
  }

  @Property(tries = 20)
  void anOpenChunkReadAfterEveryAppendDecodesOnlyTheAppendedSamples(
      @ForAll @IntRange(min = 3, max = 120) int n) {
    DecodedChunkCache cache = new DecodedChunkCache(1 << 20);
    MemSeries s = new MemSeries(1, Tenant.DEFAULT, Labels.of("__name__", "m"), cache);
    for (int i = 0; i < n; i++) {
      s.append(30_000L * (i + 1), i * 0.5, longChunks(1 << 20), Long.MIN_VALUE);
      SampleIterator it = s.snapshot(30_000L * (i + 1) - 300_000, Long.MAX_VALUE).samples();
      double last = Double.NaN;
      while (it.next()) {
        last = it.value();
      }
      assertThat(last).isEqualTo(i * 0.5);
    }
    // read 1 streams, read 2 decodes into the cache, every later read resumes
    assertThat(cache.decodes()).isEqualTo(n >= 2 ? 1 : 0);
    assertThat(cache.resumes()).isEqualTo(Math.max(0, n - 2));
  }

  private static HeadOptions longChunks(long budget) {
    return new HeadOptions(
        FsyncPolicy.NEVER, 1000, 600_000, 1000, 120, 3_600_000, 1 << 20, budget, 100);
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

  /**
   * A bulk read of whole closed chunks (a range query's scan) streams them however often it comes,
   * so a scan larger than the budget cannot churn the cache; a read that cuts a chunk (a window's
   * edge) decodes it on its second read, and whole reads then use what it decoded.
   */
  @Property(tries = 30)
  void wholeChunkBulkReadsStreamAndPartialReadsDecode(
      @ForAll @IntRange(min = 25, max = 100) int n) {
    // A cache with room to spare serves a repeated scan: each chunk decoded on its second read.
    DecodedChunkCache roomy = new DecodedChunkCache(1 << 20);
    MemSeries r = new MemSeries(1, Tenant.DEFAULT, Labels.of("__name__", "m"), roomy);
    for (int i = 0; i < n; i++) {
      r.append(1000L * (i + 1), i, options(1 << 20), Long.MIN_VALUE);
    }
    int chunkCount = r.snapshot(Long.MIN_VALUE, Long.MAX_VALUE).chunks().size();
    assertThat(chunkCount).isGreaterThan(1);
    for (int read = 0; read < 3; read++) {
      assertThat(bulk(r, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(n);
    }
    assertThat(roomy.decodes()).as("every chunk decoded on its second read").isEqualTo(chunkCount);
    long roomyHits = roomy.hits();
    assertThat(bulk(r, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(n);
    assertThat(roomy.hits() - roomyHits).isGreaterThanOrEqualTo(chunkCount - 1);
    assertThat(roomy.decodes()).isEqualTo(chunkCount);

    // A cache at half its budget (taken up here as by other series' chunks): closed chunks read
    // whole stream.
    DecodedChunkCache cache = new DecodedChunkCache(1 << 20);
    cache.account(1 << 19);
    assertThat(cache.admitsScans()).isFalse();
    MemSeries s = new MemSeries(1, Tenant.DEFAULT, Labels.of("__name__", "m"), cache);
    for (int i = 0; i < n; i++) {
      s.append(1000L * (i + 1), i, options(1 << 20), Long.MIN_VALUE);
    }
    List<HeadChunk> chunks = s.snapshot(Long.MIN_VALUE, Long.MAX_VALUE).chunks();
    HeadChunk first = chunks.get(0);
    for (int read = 0; read < 3; read++) {
      assertThat(bulk(s, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(n);
    }
    // The open chunk is what rules read every tick: it decodes on its second read as before.
    assertThat(cache.decodes()).as("only the open chunk decodes into the cache").isEqualTo(1);
    // Two reads cutting the first chunk (a window edge): the second decodes it, whatever the fill.
    long edge = first.minTime() + 1;
    for (int read = 0; read < 2; read++) {
      assertThat(bulk(s, edge, first.maxTime())).isEqualTo(first.sampleCount() - 1);
    }
    assertThat(cache.decodes()).isEqualTo(2);
  }

  /** Samples a bulk read of {@code [minT, maxT]} returns, each checked against its index. */
  private static int bulk(MemSeries s, long minT, long maxT) {
    dev.vigil.model.series.SampleBuffer b = new dev.vigil.model.series.SampleBuffer();
    s.snapshot(minT, maxT).appendSamples(minT, maxT, b);
    for (int k = 0; k < b.size(); k++) {
      assertThat(b.values()[k]).isEqualTo(b.timestamps()[k] / 1000 - 1);
    }
    return b.size();
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
