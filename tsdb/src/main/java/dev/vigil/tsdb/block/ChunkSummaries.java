package dev.vigil.tsdb.block;

import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.SampleSummary;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The summaries of a block's chunks, by chunk reference, computed when a query first needs one.
 * They are not on disk: a summary is about forty bytes and a chunk a hundred or two, so storing
 * them would cost a third of the block's size for what only long windows use. Bounded: past {@link
 * #CAPACITY} entries a block computes summaries without keeping them, which is only slower.
 */
final class ChunkSummaries {
  /** About 5 MiB per block at most. */
  static final int CAPACITY = 32_768;

  /** Stands for a chunk of nothing but staleness markers (the map holds no nulls). */
  private static final SampleSummary NOTHING =
      new SampleSummary(0, 0, 0, 0, 0, new double[0], 0, 0, 0, 0);

  private final ConcurrentHashMap<Long, SampleSummary> byRef = new ConcurrentHashMap<>();

  /** The summary of the chunk at {@code ref}, whose samples {@code samples} reads. */
  SampleSummary get(long ref, Supplier<SampleIterator> samples) {
    SampleSummary s = byRef.get(ref);
    if (s == null) {
      s = SampleSummary.of(samples.get());
      if (s == null) {
        s = NOTHING;
      }
      if (byRef.size() < CAPACITY) {
        byRef.put(ref, s);
      }
    }
    return s == NOTHING ? null : s;
  }
}
