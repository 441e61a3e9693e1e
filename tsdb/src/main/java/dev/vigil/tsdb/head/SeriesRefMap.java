package dev.vigil.tsdb.head;

import java.util.ArrayList;
import java.util.List;

/**
 * Series by ref in open addressing over two arrays: a map of boxed refs cost every series a {@code
 * Long} and a node (about 56 bytes and two objects the collector traces); this costs 12 to 24 bytes
 * and no object. Linear probing; a removal shifts the entries after it back, so lookups never meet
 * tombstones. Not thread-safe: the owner guards it.
 */
final class SeriesRefMap {
  private static final long MIX = 0x9E3779B97F4A7C15L;

  private long[] refs = new long[16];
  private MemSeries[] series = new MemSeries[16];
  private int shift = 64 - 4; // 64 - log2(capacity)
  private int size;

  int size() {
    return size;
  }

  private int home(long ref) {
    return (int) ((ref * MIX) >>> shift);
  }

  /** The series with {@code ref}, or null. */
  MemSeries get(long ref) {
    int mask = series.length - 1;
    for (int i = home(ref); ; i = (i + 1) & mask) {
      MemSeries s = series[i];
      if (s == null || refs[i] == ref) {
        return s;
      }
    }
  }

  boolean containsKey(long ref) {
    return get(ref) != null;
  }

  /** Maps {@code ref} to {@code s}, replacing any series it had. */
  void put(long ref, MemSeries s) {
    if (s == null) {
      throw new IllegalArgumentException("null series");
    }
    if ((size + 1) * 4L > series.length * 3L) {
      grow();
    }
    int mask = series.length - 1;
    int i = home(ref);
    while (series[i] != null && refs[i] != ref) {
      i = (i + 1) & mask;
    }
    if (series[i] == null) {
      size++;
    }
    refs[i] = ref;
    series[i] = s;
  }

  private void grow() {
    long[] oldRefs = refs;
    MemSeries[] oldSeries = series;
    refs = new long[oldRefs.length * 2];
    series = new MemSeries[oldSeries.length * 2];
    shift--;
    int mask = series.length - 1;
    for (int j = 0; j < oldSeries.length; j++) {
      if (oldSeries[j] != null) {
        int i = home(oldRefs[j]);
        while (series[i] != null) {
          i = (i + 1) & mask;
        }
        refs[i] = oldRefs[j];
        series[i] = oldSeries[j];
      }
    }
  }

  /** Removes {@code ref}; returns its series, or null if it had none. */
  MemSeries remove(long ref) {
    int mask = series.length - 1;
    int i = home(ref);
    while (series[i] != null && refs[i] != ref) {
      i = (i + 1) & mask;
    }
    MemSeries removed = series[i];
    if (removed == null) {
      return null;
    }
    // Move back every later entry of the probe run whose home does not lie between the hole and
    // it, so that each entry stays reachable from its home without passing an empty slot.
    for (int j = (i + 1) & mask; series[j] != null; j = (j + 1) & mask) {
      int h = home(refs[j]);
      boolean reachable = i <= j ? i < h && h <= j : i < h || h <= j;
      if (!reachable) {
        refs[i] = refs[j];
        series[i] = series[j];
        i = j;
      }
    }
    series[i] = null;
    size--;
    return removed;
  }

  /** The series, in no particular order, copied. */
  List<MemSeries> values() {
    List<MemSeries> out = new ArrayList<>(size);
    for (MemSeries s : series) {
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }
}
