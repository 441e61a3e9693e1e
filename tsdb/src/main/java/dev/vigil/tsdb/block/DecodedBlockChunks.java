package dev.vigil.tsdb.block;

import dev.vigil.model.series.SampleBuffer;
import dev.vigil.tsdb.chunk.ChunkEncoding;
import dev.vigil.tsdb.chunk.CorruptChunkException;
import dev.vigil.tsdb.chunk.SampleIterator;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Block chunks kept decoded because they are read repeatedly, within one byte budget for all blocks
 * of a tsdb: rules read the chunks at their windows' edges every tick, and dashboards re-run the
 * same range queries, while decoding was most of a range query's CPU once the head had been cut
 * into blocks. As in the head, a chunk is decoded into the cache on its second read (the first
 * streams, so one large query does not evict what is read every tick) and the oldest are dropped
 * first; a bulk read of a whole chunk streams it whatever its count (a scan reads each chunk whole
 * once, and a day of series that does not fit would only churn the cache: twice the query's time
 * through the server). A block's entries go when it is closed.
 */
public final class DecodedBlockChunks {
  /** Map entry, queue node and array headers, roughly. */
  private static final int OVERHEAD_BYTES = 128;

  /** Stands for a chunk read once and not decoded into the cache. */
  private static final Decoded SEEN = new Decoded(new long[0], new double[0]);

  private final long budgetBytes;
  private final AtomicLong used = new AtomicLong();

  /**
   * Counted on every read by every rule thread: striped, as one shared counter's cache line moved
   * between the cores at each increment.
   */
  private final LongAdder hits = new LongAdder();

  private final AtomicLong decodes = new AtomicLong();
  private final ConcurrentHashMap<Key, Decoded> byChunk = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Key> order = new ConcurrentLinkedQueue<>();

  record Key(ChunksFile.Reader file, long ref) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.file == file && k.ref == ref;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(file) * 31 + Long.hashCode(ref);
    }
  }

  /** A chunk's samples as arrays. */
  record Decoded(long[] times, double[] values) {
    long bytes() {
      return OVERHEAD_BYTES + 16L * times.length;
    }

    /** Appends the samples in {@code [minT, maxT]} to {@code out}. */
    void appendTo(long minT, long maxT, SampleBuffer out) {
      out.addInRange(times, values, times.length, minT, maxT);
    }
  }

  /**
   * Estimated bytes of series index entries that blocks keep decoded for queries ({@link
   * IndexReader#series}): a quarter of the budget, on top of it, shared by all blocks so that many
   * blocks read by long rule windows do not each keep their own share.
   */
  private final AtomicLong entryBytes = new AtomicLong();

  /** Takes {@code bytes} of the index-entry budget; false when it is spent. */
  boolean reserveEntries(long bytes) {
    long max = budgetBytes / 4;
    while (true) {
      long used = entryBytes.get();
      if (used + bytes > max) {
        return false;
      }
      if (entryBytes.compareAndSet(used, used + bytes)) {
        return true;
      }
    }
  }

  /** Gives back what a closed block's index entries took. */
  void releaseEntries(long bytes) {
    entryBytes.addAndGet(-bytes);
  }

  /** Estimated bytes of index entries kept over all blocks (tests). */
  long entryBytes() {
    return entryBytes.get();
  }

  /** No cache: every read decodes. */
  public static final DecodedBlockChunks OFF = new DecodedBlockChunks(0);

  /** A budget of 0 turns the cache off. */
  public DecodedBlockChunks(long budgetBytes) {
    if (budgetBytes < 0) {
      throw new IllegalArgumentException("decoded block chunk budget < 0: " + budgetBytes);
    }
    this.budgetBytes = budgetBytes;
  }

  /**
   * The decoded samples of the chunk at {@code ref}, decoding it into the cache if this is its
   * second read; null when the caller should stream it (first read, or the cache is off).
   *
   * @throws CorruptChunkException if the chunk does not decode
   */
  Decoded get(ChunksFile.Reader file, long ref) {
    if (budgetBytes == 0) {
      return null;
    }
    Key key = new Key(file, ref);
    Decoded d = byChunk.get(key);
    if (d != null && d != SEEN) {
      hits.increment();
      return d;
    }
    if (d == null) {
      if (byChunk.putIfAbsent(key, SEEN) == null) {
        order.add(key);
        account(OVERHEAD_BYTES);
      }
      return null;
    }
    d = decode(file, ref);
    if (byChunk.replace(key, SEEN, d)) {
      decodes.incrementAndGet();
      account(d.bytes() - OVERHEAD_BYTES);
    }
    return d;
  }

  /**
   * What a read of the whole chunk (a range query's scan) gets: while the cache is under half its
   * budget, as {@link #get} (decoded into it on the second read), so that a query repeated over a
   * working set that fits is served from it; beyond that the decoded samples only if the cache
   * holds them, without counting a read ({@link #peek}): a day-long scan then fills half the budget
   * and streams the rest, and what rules read keeps the other half.
   */
  Decoded scan(ChunksFile.Reader file, long ref) {
    return used.get() < budgetBytes / 2 ? get(file, ref) : peek(file, ref);
  }

  /** The chunk's decoded samples if the cache holds them, else null, without counting a read. */
  Decoded peek(ChunksFile.Reader file, long ref) {
    if (budgetBytes == 0) {
      return null;
    }
    Decoded d = byChunk.get(new Key(file, ref));
    if (d == null || d == SEEN) {
      return null;
    }
    hits.increment();
    return d;
  }

  private static Decoded decode(ChunksFile.Reader file, long ref) {
    int[] len = new int[1];
    byte[] buf = file.read(ref, new byte[256], len);
    SampleIterator in = ChunkEncoding.of(buf, 0).iterator(buf, 0, len[0]);
    // Sized by the chunk's own count on the first append: the arrays are then exactly the samples
    // and are kept as they are (a copy to size them was 8 % of a day-long query's samples).
    SampleBuffer out = new SampleBuffer(1);
    in.appendTo(Long.MIN_VALUE, Long.MAX_VALUE, out);
    int n = out.size();
    long[] ts = out.timestamps();
    double[] vs = out.values();
    return new Decoded(
        ts.length == n ? ts : Arrays.copyOf(ts, n), vs.length == n ? vs : Arrays.copyOf(vs, n));
  }

  private void account(long bytes) {
    long total = used.addAndGet(bytes);
    while (total > budgetBytes) {
      Key oldest = order.poll();
      if (oldest == null) {
        break;
      }
      Decoded gone = byChunk.remove(oldest);
      total = gone == null ? used.get() : used.addAndGet(-charge(gone));
    }
  }

  private static long charge(Decoded d) {
    return d == SEEN ? OVERHEAD_BYTES : d.bytes();
  }

  /** Drops the entries of a block's chunks file, which is being closed. */
  void forget(ChunksFile.Reader file) {
    for (Key k : byChunk.keySet()) {
      if (k.file() == file) {
        Decoded gone = byChunk.remove(k);
        if (gone != null) {
          used.addAndGet(-charge(gone));
        }
      }
    }
    order.removeIf(k -> k.file() == file);
  }

  public long usedBytes() {
    return used.get();
  }

  public long hits() {
    return hits.sum();
  }

  public long decodes() {
    return decodes.get();
  }
}
