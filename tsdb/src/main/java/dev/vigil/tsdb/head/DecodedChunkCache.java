package dev.vigil.tsdb.head;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A byte budget for the {@link DecodedChunk}s head chunks keep. A chunk is decoded into the cache
 * on its second read (its first read streams, so a one-off range query over the whole head does not
 * evict what rules read every tick), and the oldest decoded chunks are dropped first once the
 * budget is spent. Evicting only forgets the arrays: the chunk's bytes stay the truth.
 */
final class DecodedChunkCache {
  private final long budgetBytes;
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong decodes = new AtomicLong();
  private final ConcurrentLinkedQueue<HeadChunk> order = new ConcurrentLinkedQueue<>();

  /** A budget of 0 turns the cache off. */
  DecodedChunkCache(long budgetBytes) {
    if (budgetBytes < 0) {
      throw new IllegalArgumentException("decoded chunk cache budget < 0: " + budgetBytes);
    }
    this.budgetBytes = budgetBytes;
  }

  boolean enabled() {
    return budgetBytes > 0;
  }

  void hit() {
    hits.incrementAndGet();
  }

  /** Accounts for a chunk that now holds {@code decoded}, dropping the oldest ones over budget. */
  void admit(HeadChunk chunk, DecodedChunk decoded) {
    decodes.incrementAndGet();
    order.add(chunk);
    long total = used.addAndGet(chunk.cachedBytes(decoded));
    while (total > budgetBytes) {
      HeadChunk oldest = order.poll();
      if (oldest == null) {
        break;
      }
      total = used.addAndGet(-oldest.dropDecoded());
    }
  }

  long usedBytes() {
    return used.get();
  }

  long budgetBytes() {
    return budgetBytes;
  }

  long hits() {
    return hits.get();
  }

  long decodes() {
    return decodes.get();
  }
}
