package dev.vigil.collector.otlp;

import java.util.Arrays;

/** A growable {@code long[]} reused across data points (bucket counts). Not thread-safe. */
final class LongArrayBuffer {
  private static final long[] EMPTY = new long[0];

  private long[] values = new long[64];
  private int size;

  void clear() {
    size = 0;
  }

  void add(long v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  long[] toArray() {
    return size == 0 ? EMPTY : Arrays.copyOf(values, size);
  }
}
