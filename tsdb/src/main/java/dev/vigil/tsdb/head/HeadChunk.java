package dev.vigil.tsdb.head;

import dev.vigil.model.series.SampleBuffer;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.SampleRun;
import dev.vigil.model.series.SampleSummary;
import dev.vigil.tsdb.chunk.ChunkEncoding;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A chunk of the head as readers see it: immutable bytes and its time range. A full chunk stays
 * this object until it is persisted, so its summary is computed by the first query that needs it
 * and reused by every later one; the open chunk's copy lives until the next append. Read more than
 * once, it keeps its samples decoded within the {@link DecodedChunkCache}'s budget.
 */
final class HeadChunk implements SampleRun, DecodedChunkCache.Entry {
  private static final VarHandle DECODED;

  static {
    try {
      DECODED =
          MethodHandles.lookup().findVarHandle(HeadChunk.class, "decoded", DecodedChunk.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final byte[] bytes;
  private final long minTime;
  private final long maxTime;
  private final int sampleCount;

  /** Computed on first use; a race computes it twice, to the same value. */
  private volatile SampleSummary summary;

  private volatile boolean summarized;

  private final DecodedChunkCache cache;

  /** Set through {@link #DECODED} only, so that exactly one reader admits it to the cache. */
  @SuppressWarnings("unused")
  private volatile DecodedChunk decoded;

  /** Read once already: the next read decodes into the cache. */
  private volatile boolean readOnce;

  /** For a copy of the open chunk: the samples decoded across copies; null for a closed chunk. */
  private final OpenChunkSamples open;

  HeadChunk(byte[] bytes, long minTime, long maxTime, int sampleCount, DecodedChunkCache cache) {
    this(bytes, minTime, maxTime, sampleCount, cache, null);
  }

  HeadChunk(
      byte[] bytes,
      long minTime,
      long maxTime,
      int sampleCount,
      DecodedChunkCache cache,
      OpenChunkSamples open) {
    this.open = open;
    this.cache = cache;
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

  /**
   * The decoded samples, decoding them into the cache on the second read; null while the chunk
   * should be streamed instead.
   */
  DecodedChunk decoded() {
    if (open != null) {
      return open.samples(bytes, sampleCount);
    }
    DecodedChunk d = (DecodedChunk) DECODED.getVolatile(this);
    if (d != null) {
      cache.hit();
      return d;
    }
    if (!cache.enabled()) {
      return null;
    }
    if (!readOnce) {
      readOnce = true;
      return null;
    }
    d = DecodedChunk.of(ChunkEncoding.of(bytes, 0).iterator(bytes, 0, bytes.length), sampleCount);
    if (DECODED.compareAndSet(this, null, d)) {
      cache.admit(this, cachedBytes(d));
    }
    return d;
  }

  /** The decoded samples if the cache holds them, else null; counts no read. */
  private DecodedChunk peekDecoded() {
    DecodedChunk d = (DecodedChunk) DECODED.getVolatile(this);
    if (d != null) {
      cache.hit();
    }
    return d;
  }

  /** What this chunk costs in the cache, with its decoded samples. */
  long cachedBytes(DecodedChunk d) {
    return d.bytes() + bytes.length;
  }

  @Override
  public long dropDecoded() {
    DecodedChunk d = (DecodedChunk) DECODED.getAndSet(this, null);
    return d == null ? 0 : cachedBytes(d);
  }

  /** Appends the samples in {@code [minT, maxT]} to {@code out}, decoding the chunk in one loop. */
  void appendTo(long minT, long maxT, SampleBuffer out) {
    appendTo(minT, maxT, out, false);
  }

  /**
   * The samples in {@code [minT, maxT]}; with {@code presence}, only which there are ({@code
   * Series.appendPresence}): a chunk decoded from its bytes then skips its values if it can.
   */
  void appendTo(long minT, long maxT, SampleBuffer out, boolean presence) {
    // A closed chunk read whole is a scan's: admitted only while the cache has room to spare, else
    // streamed unless already decoded (DecodedBlockChunks.scan says why); the open chunk is what
    // rules read every tick.
    DecodedChunk d =
        open == null && minT <= minTime && maxT >= maxTime && !cache.admitsScans()
            ? peekDecoded()
            : decoded();
    if (d != null) {
      d.appendTo(minT, maxT, out);
      return;
    }
    dev.vigil.tsdb.chunk.SampleIterator in =
        ChunkEncoding.of(bytes, 0).iterator(bytes, 0, bytes.length);
    if (presence) {
      in.appendPresenceTo(minT, maxT, out);
    } else {
      in.appendTo(minT, maxT, out);
    }
  }

  @Override
  public SampleIterator samples() {
    DecodedChunk d = decoded();
    if (d != null) {
      return d.iterator();
    }
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
