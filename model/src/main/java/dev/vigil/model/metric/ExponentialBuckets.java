package dev.vigil.model.metric;

import java.util.Arrays;

/**
 * One side (positive or negative) of an exponential histogram: {@code counts[i]} counts values in
 * bucket index {@code offset + i}. The array must not be modified.
 */
public record ExponentialBuckets(int offset, long[] counts) {
  public static final ExponentialBuckets EMPTY = new ExponentialBuckets(0, new long[0]);

  @Override
  public boolean equals(Object o) {
    return o instanceof ExponentialBuckets b
        && offset == b.offset
        && Arrays.equals(counts, b.counts);
  }

  @Override
  public int hashCode() {
    return 31 * offset + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "ExponentialBuckets[offset=" + offset + ", counts=" + Arrays.toString(counts) + "]";
  }
}
