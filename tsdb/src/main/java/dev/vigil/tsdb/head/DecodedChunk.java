package dev.vigil.tsdb.head;

import dev.vigil.model.series.ArraySampleIterator;
import dev.vigil.model.series.SampleIterator;
import java.util.Arrays;

/**
 * A head chunk's samples as plain arrays, so that a chunk read many times between two appends (the
 * rule engine reads each series once per rule and window) is decoded once. Iterators over it seek
 * by binary search instead of decoding up to the window's start.
 */
final class DecodedChunk {
  /** Object headers and array headers, roughly, on a 64-bit JVM with compressed pointers. */
  private static final int OVERHEAD_BYTES = 64;

  private final long[] times;
  private final double[] values;
  private final int count;

  private DecodedChunk(long[] times, double[] values, int count) {
    this.times = times;
    this.values = values;
    this.count = count;
  }

  /**
   * The first {@code count} samples of the arrays, which the caller never changes below {@code
   * count} again.
   */
  static DecodedChunk of(long[] times, double[] values, int count) {
    return new DecodedChunk(times, values, count);
  }

  /** Decodes every sample of {@code in}, which must hold {@code count} samples. */
  static DecodedChunk of(dev.vigil.tsdb.chunk.SampleIterator in, int count) {
    long[] t = new long[count];
    double[] v = new double[count];
    int n = 0;
    while (n < count && in.next()) {
      t[n] = in.timestamp();
      v[n++] = in.value();
    }
    return new DecodedChunk(t, v, n);
  }

  /** What holding this chunk costs the heap. */
  long bytes() {
    return OVERHEAD_BYTES + 16L * times.length;
  }

  int count() {
    return count;
  }

  /** The index of the first sample with a timestamp of at least {@code t}, or {@link #count}. */
  int firstAtOrAfter(long t) {
    int i = Arrays.binarySearch(times, 0, count, t);
    return i >= 0 ? i : -i - 1;
  }

  /** Appends the samples in {@code [minT, maxT]} to {@code out}. */
  void appendTo(long minT, long maxT, dev.vigil.model.series.SampleBuffer out) {
    out.addInRange(times, values, count, minT, maxT);
  }

  long time(int i) {
    return times[i];
  }

  double value(int i) {
    return values[i];
  }

  /** An iterator over the arrays, which readers of a whole run may take as they are. */
  SampleIterator iterator() {
    return new ArraySampleIterator(times, values, count);
  }
}
