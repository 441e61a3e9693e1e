package dev.vigil.tsdb.head;

import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.SampleRun;
import dev.vigil.model.series.SampleSummary;
import dev.vigil.tsdb.chunk.ChunkEncoding;

/**
 * A chunk of the head as readers see it: immutable bytes and its time range. A full chunk stays
 * this object until it is persisted, so its summary is computed by the first query that needs it
 * and reused by every later one; the open chunk's copy lives until the next append.
 */
final class HeadChunk implements SampleRun {
  private final byte[] bytes;
  private final long minTime;
  private final long maxTime;
  private final int sampleCount;

  /** Computed on first use; a race computes it twice, to the same value. */
  private volatile SampleSummary summary;

  private volatile boolean summarized;

  HeadChunk(byte[] bytes, long minTime, long maxTime, int sampleCount) {
    this.bytes = bytes;
    this.minTime = minTime;
    this.maxTime = maxTime;
    this.sampleCount = sampleCount;
  }

  byte[] bytes() {
    return bytes;
  }

  @Override
  public long minTime() {
    return minTime;
  }

  @Override
  public long maxTime() {
    return maxTime;
  }

  int sampleCount() {
    return sampleCount;
  }

  @Override
  public SampleSummary summary() {
    if (!summarized) {
      summary = SampleSummary.of(samples());
      summarized = true;
    }
    return summary;
  }

  @Override
  public SampleIterator samples() {
    dev.vigil.tsdb.chunk.SampleIterator in =
        ChunkEncoding.of(bytes, 0).iterator(bytes, 0, bytes.length);
    return new SampleIterator() {
      private boolean current;

      @Override
      public boolean next() {
        current = in.next();
        return current;
      }

      @Override
      public boolean hasCurrent() {
        return current;
      }

      @Override
      public long timestamp() {
        return in.timestamp();
      }

      @Override
      public double value() {
        return in.value();
      }
    };
  }
}
