package dev.vigil.model.series;

/** Iterates samples held in two parallel arrays; seeks by binary search. */
public final class ArraySampleIterator implements SampleIterator {
  private final long[] timestamps;
  private final double[] values;
  private final int end;
  private int i = -1;

  public ArraySampleIterator(long[] timestamps, double[] values) {
    this(timestamps, values, timestamps.length);
  }

  /** Over the first {@code length} samples of the arrays. */
  public ArraySampleIterator(long[] timestamps, double[] values, int length) {
    this.timestamps = timestamps;
    this.values = values;
    this.end = length;
  }

  /**
   * Whether no sample has been read or sought yet: the arrays below {@link #length()} are then
   * every sample this iterator would give, and a reader that wants them all (a run read by several
   * windows) can take them as they are instead of copying them out one by one.
   */
  public boolean atStart() {
    return i == -1;
  }

  /** The timestamps; the caller must not modify them. */
  public long[] timestamps() {
    return timestamps;
  }

  /** The values; the caller must not modify them. */
  public double[] values() {
    return values;
  }

  /** How many samples of the arrays this iterator covers. */
  public int length() {
    return end;
  }

  @Override
  public boolean next() {
    if (i < end) {
      i++;
    }
    return i < end;
  }

  @Override
  public boolean seek(long t) {
    if (hasCurrent() && timestamps[i] >= t) {
      return true;
    }
    int lo = Math.max(i, 0);
    int hi = end - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (timestamps[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    i = lo;
    return i < end;
  }

  @Override
  public boolean hasCurrent() {
    return i >= 0 && i < end;
  }

  @Override
  public long timestamp() {
    return timestamps[i];
  }

  @Override
  public double value() {
    return values[i];
  }
}
