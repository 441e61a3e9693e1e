package dev.vigil.server.prometheus;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesRef;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the {@link Labels} decoded from a series' encoded label bytes, so the same series sent
 * again (every remote-write request repeats every label of every series) costs a hash of its bytes
 * instead of decoding strings and building a label set. Returning the same instance also lets the
 * tsdb find the series by identity, and each entry keeps the store's {@link SeriesRef} of the
 * series for the last tenant that sent it, so a repeated series is appended without the store's
 * lookup by labels either. Bounded: when full it starts over, which costs only speed.
 *
 * <p>It also keeps one copy of each label name and value it decodes: a value such as {@code
 * instance="host-17:9100"} recurs in every metric of that host, and the head holds the strings of
 * every active series, so sharing them saves about a quarter of the head's memory per series
 * (tsdb/README.md, "Memory per series").
 */
final class LabelsCache {
  private static final int MAX_ENTRIES = 1 << 20;
  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private final ConcurrentHashMap<Key, Entry> cache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> symbols = new ConcurrentHashMap<>();

  /** A byte range as a map key: lookups wrap the request buffer, inserts own a copy. */
  static final class Key {
    private final byte[] bytes;
    private final int offset;
    private final int length;
    private final int hash;

    Key(byte[] bytes, int offset, int length) {
      this.bytes = bytes;
      this.offset = offset;
      this.length = length;
      this.hash = hash(bytes, offset, length);
    }

    /** A multiply-rotate hash over 8 bytes at a time: this runs once per series per request. */
    private static int hash(byte[] b, int off, int len) {
      long h = 0x9E3779B97F4A7C15L ^ len;
      int i = off;
      int end = off + len;
      for (; i + 8 <= end; i += 8) {
        h =
            Long.rotateLeft(h ^ ((long) LONGS.get(b, i) * 0xC2B2AE3D27D4EB4FL), 31)
                * 0x9E3779B97F4A7C15L;
      }
      for (; i < end; i++) {
        h = Long.rotateLeft(h ^ (b[i] * 0x165667B19E3779F9L), 11) * 0x9E3779B97F4A7C15L;
      }
      h ^= h >>> 29;
      return (int) (h ^ (h >>> 32));
    }

    Key copy() {
      return new Key(Arrays.copyOfRange(bytes, offset, offset + length), 0, length);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.hash == hash
          && Arrays.equals(bytes, offset, offset + length, k.bytes, k.offset, k.offset + k.length);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** Decoded labels, and the store's handle on the series for the tenant that sent it last. */
  static final class Entry {
    final Labels labels;
    private volatile SeriesRef ref;

    Entry(Labels labels) {
      this.labels = labels;
    }

    /** The handle taken for {@code tenant}, or null. */
    SeriesRef ref(Tenant tenant) {
      SeriesRef r = ref;
      return r != null && r.tenant().equals(tenant) ? r : null;
    }

    void ref(SeriesRef r) {
      ref = r;
    }
  }

  Entry get(Key key) {
    return cache.get(key);
  }

  Entry put(Key key, Labels labels) {
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
      symbols.clear();
    }
    Entry e = new Entry(labels);
    cache.put(key.copy(), e);
    return e;
  }

  /** Replaces each string by the copy already seen, keeping the first of each. */
  void intern(java.util.List<String> namesAndValues) {
    if (symbols.size() >= MAX_ENTRIES) {
      symbols.clear();
    }
    for (int i = 0; i < namesAndValues.size(); i++) {
      String s = namesAndValues.get(i);
      String seen = symbols.putIfAbsent(s, s);
      if (seen != null) {
        namesAndValues.set(i, seen);
      }
    }
  }
}
