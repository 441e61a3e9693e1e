package dev.vigil.collector.otlp;

import java.util.Arrays;

/** A growable {@code double[]} reused across data points (explicit bounds). Not thread-safe. */
final class DoubleArrayBuffer {
  private static final double[] EMPTY = new double[0];

  private double[] values = new double[64];
  private int size;

  void clear() {
    size = 0;
  }

  void add(double v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  double[] toArray() {
    return size == 0 ? EMPTY : Arrays.copyOf(values, size);
  }
}
