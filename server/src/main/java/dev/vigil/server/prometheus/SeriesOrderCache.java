package dev.vigil.server.prometheus;

import dev.vigil.model.Tenant;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers the series of recent remote-write requests in the order they came, so a request that
 * repeats an earlier one's series in the same order (what every sender does: a Prometheus shard,
 * vmagent or an OpenTelemetry exporter sends the same series in the same order, step after step)
 * finds each series by one byte compare against the same position instead of a hash lookup in the
 * {@link LabelsCache}. The label bytes of a remembered request lie in one array, in order, so the
 * compares read memory front to back.
 *
 * <p>A request is matched to the earlier one with the same tenant and the same first series. That
 * needs no notion of a sender or a connection (senders spread their requests over connections, and
 * a connection's consecutive requests hold different series), and it is always safe: a position
 * counts as a hit only when its label bytes equal the request's, so a changed order, a series
 * added, dropped or relabelled costs only the lookups of the positions that differ, and the request
 * is then remembered as it came. Bounded by the bytes it holds: over the limit it starts over,
 * which costs only speed.
 */
final class SeriesOrderCache {
  private static final long DEFAULT_MAX_BYTES = 128L << 20;

  /** Requests of more series than this are not remembered (each would hold a large array). */
  private static final int MAX_SERIES_PER_ORDER = 1 << 16;

  private final ConcurrentHashMap<OrderKey, SeriesOrder> orders = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final java.util.concurrent.atomic.LongAdder hits =
      new java.util.concurrent.atomic.LongAdder();
  private final long maxBytes;

  SeriesOrderCache() {
    this(DEFAULT_MAX_BYTES);
  }

  SeriesOrderCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** A request's tenant and first series' label bytes: lookups wrap the request buffer. */
  private record OrderKey(Tenant tenant, LabelsCache.Key first) {}

  /** The label bytes of a request's series, back to back, and the cache entry of each. */
  private record SeriesOrder(byte[] labelBytes, int[] ends, LabelsCache.Entry[] entries) {
    long heapBytes() {
      return labelBytes.length + 12L * ends.length + 64;
    }
  }

  /**
   * Starts matching a request of {@code tenant} whose first series' label bytes are {@code
   * message[offset, offset + length)}.
   */
  Cursor start(Tenant tenant, byte[] message, int offset, int length) {
    OrderKey key = new OrderKey(tenant, new LabelsCache.Key(message, offset, length));
    return new Cursor(key, orders.get(key));
  }

  /** Requests remembered (for tests). */
  int size() {
    return orders.size();
  }

  /** Series found by their position so far (for tests). */
  long hits() {
    return hits.sum();
  }

  private void remember(OrderKey key, SeriesOrder order) {
    long size = order.heapBytes();
    if (bytes.addAndGet(size) > maxBytes) {
      orders.clear();
      bytes.set(size);
    }
    SeriesOrder old = orders.put(new OrderKey(key.tenant(), key.first().copy()), order);
    if (old != null) {
      bytes.addAndGet(-old.heapBytes());
    }
  }

  /**
   * One request's walk over its series, position by position; not thread-safe. Call {@link #match}
   * for each series, then {@link #record} with the entry it was found or made with, and {@link
   * #finish} once the whole request was read.
   */
  final class Cursor {
    private final OrderKey key;
    private final SeriesOrder previous;
    private int position;

    /** The request as it came, once it departs from {@link #previous}; null while it matches. */
    private byte[] bytesOut;

    private int bytesUsed;
    private int[] endsOut;
    private LabelsCache.Entry[] entriesOut;
    private boolean abandoned;
    private int hitsHere;

    private Cursor(OrderKey key, SeriesOrder previous) {
      this.key = key;
      this.previous = previous;
    }

    /**
     * The entry of the series at this position of the previous request if its label bytes equal
     * {@code message[offset, offset + length)}, else null.
     */
    LabelsCache.Entry match(byte[] message, int offset, int length) {
      SeriesOrder p = previous;
      int i = position;
      if (p == null || i >= p.ends.length || bytesOut != null || abandoned) {
        return null;
      }
      int from = i == 0 ? 0 : p.ends[i - 1];
      int to = p.ends[i];
      if (to - from != length
          || !Arrays.equals(message, offset, offset + length, p.labelBytes, from, to)) {
        return null;
      }
      hitsHere++;
      return p.entries[i];
    }

    /** Notes the series at this position, found by {@link #match} or otherwise, and moves on. */
    void record(byte[] message, int offset, int length, LabelsCache.Entry entry) {
      if (abandoned) {
        return;
      }
      int i = position++;
      if (bytesOut == null) {
        SeriesOrder p = previous;
        if (p != null && i < p.ends.length && p.entries[i] == entry) {
          return;
        }
        // The first departure: copy what matched so far, then collect the rest as it comes.
        int kept = p == null ? 0 : i;
        int keptBytes = kept == 0 ? 0 : p.ends[kept - 1];
        bytesOut = new byte[Math.max(keptBytes + length, 2 * keptBytes + 256)];
        endsOut = new int[Math.max(16, 2 * (kept + 1))];
        entriesOut = new LabelsCache.Entry[endsOut.length];
        if (kept > 0) {
          System.arraycopy(p.labelBytes, 0, bytesOut, 0, keptBytes);
          System.arraycopy(p.ends, 0, endsOut, 0, kept);
          System.arraycopy(p.entries, 0, entriesOut, 0, kept);
        }
        bytesUsed = keptBytes;
      }
      if (i >= MAX_SERIES_PER_ORDER) {
        abandon();
        return;
      }
      if (bytesUsed + length > bytesOut.length) {
        bytesOut = Arrays.copyOf(bytesOut, Math.max(bytesUsed + length, 2 * bytesOut.length));
      }
      if (i == endsOut.length) {
        endsOut = Arrays.copyOf(endsOut, 2 * i);
        entriesOut = Arrays.copyOf(entriesOut, 2 * i);
      }
      System.arraycopy(message, offset, bytesOut, bytesUsed, length);
      bytesUsed += length;
      endsOut[i] = bytesUsed;
      entriesOut[i] = entry;
    }

    /**
     * A series that cannot be matched by its bytes (labels not leading its message): the rest of
     * the request is not remembered, and the previous order stays.
     */
    void abandon() {
      abandoned = true;
      bytesOut = null;
      endsOut = null;
      entriesOut = null;
    }

    /** Remembers the request if it departed from the previous one or was shorter. */
    void finish() {
      hits.add(hitsHere);
      if (abandoned || position == 0) {
        return;
      }
      if (bytesOut == null) {
        if (previous != null && position == previous.ends.length) {
          return;
        }
        // A prefix of the previous request: keep what was sent.
        int keptBytes = previous.ends[position - 1];
        remember(
            key,
            new SeriesOrder(
                Arrays.copyOf(previous.labelBytes, keptBytes),
                Arrays.copyOf(previous.ends, position),
                Arrays.copyOf(previous.entries, position)));
        return;
      }
      remember(
          key,
          new SeriesOrder(
              Arrays.copyOf(bytesOut, bytesUsed),
              Arrays.copyOf(endsOut, position),
              Arrays.copyOf(entriesOut, position)));
    }
  }
}
