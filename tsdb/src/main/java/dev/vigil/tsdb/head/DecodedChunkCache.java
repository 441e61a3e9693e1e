package dev.vigil.tsdb.head;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A byte budget for the {@link DecodedChunk}s head chunks keep. A chunk is decoded into the cache
 * on its second read (its first read streams, so a one-off range query over the whole head does not
 * evict what rules read every tick), and the oldest decoded chunks are dropped first once the
 * budget is spent. Evicting only forgets the arrays: the chunk's bytes stay the truth.
 */
final class DecodedChunkCache {
  private final long budgetBytes;
  private final AtomicLong used = new AtomicLong();

  /**
   * Counted on every read by every rule thread: striped, as one shared counter's cache line moved
   * between the cores at each increment.
   */
  private final LongAdder hits = new LongAdder();

  private final AtomicLong decodes = new AtomicLong();
  private final AtomicLong resumes = new AtomicLong();
  private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();

  /** Something holding decoded samples on the cache's budget. */
  interface Entry {
    /** Forgets the decoded samples; returns the bytes the cache accounted for them, or 0. */
    long dropDecoded();
  }

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

  /**
   * Whether a scan's whole-chunk reads may enter the cache: while it is under half its budget (see
   * {@code DecodedBlockChunks.scan} for why).
   */
  boolean admitsScans() {
    return used.get() < budgetBytes / 2;
  }

  void hit() {
    hits.increment();
  }

  /** Accounts for an entry that now holds {@code bytes}, dropping the oldest ones over budget. */
  void admit(Entry entry, long bytes) {
    decodes.incrementAndGet();
    order.add(entry);
    account(bytes);
  }

  /**
   * Accounts for {@code bytes} more (or fewer, when negative) held by an admitted entry, dropping
   * the oldest entries while over budget.
   */
  void account(long bytes) {
    long total = used.addAndGet(bytes);
    while (total > budgetBytes) {
      Entry oldest = order.poll();
      if (oldest == null) {
        break;
      }
      total = used.addAndGet(-oldest.dropDecoded());
    }
  }

  /** Counts a decode that continued from where the last one of the same open chunk stopped. */
  void resumed() {
    resumes.incrementAndGet();
  }

  long resumes() {
    return resumes.get();
  }

  long usedBytes() {
    return used.get();
  }

  long budgetBytes() {
    return budgetBytes;
  }

  long hits() {
    return hits.sum();
  }

  long decodes() {
    return decodes.get();
  }
}
