package dev.vigil.model.series;

import java.util.Arrays;

/**
 * Samples in two growable parallel arrays, filled in bulk by {@link Series#appendSamples}: a store
 * decodes whole chunks straight into it, and a query engine reads the arrays in place. Owned by one
 * thread; the arrays it hands out are its own and change with the next append or {@link #clear}.
 */
public final class SampleBuffer {
  private long[] timestamps;
  private double[] values;
  private int size;

  public SampleBuffer() {
    this(16);
  }

  public SampleBuffer(int capacity) {
    timestamps = new long[Math.max(capacity, 1)];
    values = new double[timestamps.length];
  }

  public void add(long timestamp, double value) {
    if (size == timestamps.length) {
      grow(size + 1);
    }
    timestamps[size] = timestamp;
    values[size++] = value;
  }

  /**
   * Appends the samples of {@code times/values[0, count)} (ascending) whose timestamps lie in
   * {@code [minT, maxT]}: two binary searches and one copy, the bulk read of a decoded chunk.
   */
  public void addInRange(long[] times, double[] values, int count, long minT, long maxT) {
    int from = count == 0 || minT <= times[0] ? 0 : firstAtOrAfter(times, count, minT);
    int to =
        count == 0 || maxT >= times[count - 1] ? count : firstAtOrAfter(times, count, maxT + 1);
    if (from >= to) {
      return;
    }
    reserve(to - from);
    System.arraycopy(times, from, timestamps, size, to - from);
    System.arraycopy(values, from, this.values, size, to - from);
    size += to - from;
  }

  private static int firstAtOrAfter(long[] times, int count, long t) {
    int i = Arrays.binarySearch(times, 0, count, t);
    return i >= 0 ? i : -i - 1;
  }

  /** Makes room for {@code more} samples beyond {@link #size} without further growth. */
  public void reserve(int more) {
    if (size + more > timestamps.length) {
      grow(size + more);
    }
  }

  private void grow(int needed) {
    int n = Math.max(needed, timestamps.length * 2);
    timestamps = Arrays.copyOf(timestamps, n);
    values = Arrays.copyOf(values, n);
  }

  /** The timestamps array; entries {@code [0, size)} are the samples, ascending. */
  public long[] timestamps() {
    return timestamps;
  }

  /** The values array, parallel to {@link #timestamps}. */
  public double[] values() {
    return values;
  }

  public int size() {
    return size;
  }

  /** The last sample's timestamp; only when {@link #size} is positive. */
  public long lastTimestamp() {
    return timestamps[size - 1];
  }

  /**
   * Sets the size after a bulk writer filled entries up to {@code size} (after {@link #reserve}),
   * or cuts samples off the end.
   */
  public void setSize(int size) {
    if (size < 0 || size > timestamps.length) {
      throw new IllegalArgumentException(
          "size " + size + " outside [0, " + timestamps.length + "]");
    }
    this.size = size;
  }

  public void clear() {
    size = 0;
  }
}
