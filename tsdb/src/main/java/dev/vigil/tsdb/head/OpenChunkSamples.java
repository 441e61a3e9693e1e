package dev.vigil.tsdb.head;

import dev.vigil.tsdb.chunk.OpenChunkDecoder;

/**
 * The decoded samples of one series' open chunk, kept across the copies readers take of it: each
 * append makes a new copy, and a rule reads the newest samples every tick, so a decode per copy
 * would decode the chunk from its start again and again. The {@link OpenChunkDecoder} here decodes
 * only what was appended since the last read. One instance serves one chunk from its first sample
 * to its cut (or a truncation that rewrites it); then it is retired and the series starts another.
 *
 * <p>Like a closed chunk, it decodes into the cache on the second read of its chunk (the first
 * streams), and eviction forgets the arrays; the next read then decodes from the start.
 */
final class OpenChunkSamples implements DecodedChunkCache.Entry {
  /** This entry, its decoder and the arrays' headers, roughly (the decoder counts its state). */
  private static final int OVERHEAD_BYTES = 128;

  private final DecodedChunkCache cache;
  private final OpenChunkDecoder decoder = new OpenChunkDecoder();
  private boolean readOnce;
  private boolean retired;

  /** Bytes the cache accounts for this entry; 0 while it holds nothing on the cache's books. */
  private long accounted;

  OpenChunkSamples(DecodedChunkCache cache) {
    this.cache = cache;
  }

  /**
   * The samples of {@code bytes}, a copy of this entry's chunk holding {@code sampleCount} samples,
   * decoding only those not decoded yet; null when the caller should stream the copy instead (its
   * first read, the cache off, the chunk retired).
   */
  DecodedChunk samples(byte[] bytes, int sampleCount) {
    DecodedChunk d;
    long delta;
    boolean admit;
    synchronized (this) {
      if (retired || !cache.enabled()) {
        return null;
      }
      if (accounted > 0 && decoder.count() >= sampleCount) {
        cache.hit();
        return DecodedChunk.of(decoder.times(), decoder.values(), sampleCount);
      }
      if (accounted == 0 && !readOnce) {
        readOnce = true;
        return null;
      }
      admit = accounted == 0;
      int full = decoder.fullDecodes();
      decoder.update(bytes, 0, bytes.length);
      if (!admit && decoder.fullDecodes() == full) {
        cache.resumed();
      }
      long now = OVERHEAD_BYTES + decoder.bytes();
      delta = now - accounted;
      accounted = now;
      d = DecodedChunk.of(decoder.times(), decoder.values(), sampleCount);
    }
    // Outside the lock: the cache may evict other entries, each taking its own lock.
    if (admit) {
      cache.admit(this, delta);
    } else if (delta != 0) {
      cache.account(delta);
    }
    return d;
  }

  /** The chunk was cut or rewritten: frees the arrays; later reads of old copies stream. */
  void retire() {
    long freed;
    synchronized (this) {
      retired = true;
      freed = dropDecoded();
    }
    if (freed > 0) {
      cache.account(-freed);
    }
  }

  @Override
  public synchronized long dropDecoded() {
    long freed = accounted;
    accounted = 0;
    decoder.clear();
    return freed;
  }
}
