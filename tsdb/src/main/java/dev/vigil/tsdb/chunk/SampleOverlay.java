package dev.vigil.tsdb.chunk;

import dev.vigil.model.series.SampleBuffer;
import java.util.Arrays;

/**
 * Lays newer samples over older ones in a {@link SampleBuffer}: the bulk form of the merge the head
 * (out-of-order samples over chunks) and the querier (newer layers over older) make. On equal
 * timestamps the newer sample wins, as it is the later write.
 */
public final class SampleOverlay {
  private SampleOverlay() {}

  /**
   * Merges {@code newerT/newerV[from, to)} (ascending) into {@code out}'s samples from index {@code
   * start} on (ascending, older), leaving the samples before {@code start} alone.
   */
  public static void overlay(
      SampleBuffer out, int start, long[] newerT, double[] newerV, int from, int to) {
    if (from >= to) {
      return;
    }
    int olderCount = out.size() - start;
    if (olderCount == 0 || out.lastTimestamp() < newerT[from]) {
      out.reserve(to - from);
      System.arraycopy(newerT, from, out.timestamps(), out.size(), to - from);
      System.arraycopy(newerV, from, out.values(), out.size(), to - from);
      out.setSize(out.size() + to - from);
      return;
    }
    long[] olderT = Arrays.copyOfRange(out.timestamps(), start, out.size());
    double[] olderV = Arrays.copyOfRange(out.values(), start, out.size());
    out.setSize(start);
    out.reserve(olderCount + to - from);
    long[] ts = out.timestamps();
    double[] vs = out.values();
    int n = start;
    int i = 0;
    int j = from;
    while (i < olderCount && j < to) {
      long a = olderT[i];
      long b = newerT[j];
      if (a < b) {
        ts[n] = a;
        vs[n++] = olderV[i++];
      } else {
        ts[n] = b;
        vs[n++] = newerV[j++];
        if (a == b) {
          i++;
        }
      }
    }
    for (; i < olderCount; i++) {
      ts[n] = olderT[i];
      vs[n++] = olderV[i];
    }
    for (; j < to; j++) {
      ts[n] = newerT[j];
      vs[n++] = newerV[j];
    }
    out.setSize(n);
  }
}
