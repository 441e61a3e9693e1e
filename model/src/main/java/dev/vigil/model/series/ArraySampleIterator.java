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
