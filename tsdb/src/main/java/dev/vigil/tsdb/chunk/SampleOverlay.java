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
    // Merge from the back into the room after the older samples, so nothing is copied aside:
    // the write position never passes the next older sample to read. Each tie drops the older
    // sample and leaves a gap, closed by one move at the end.
    out.reserve(to - from);
    long[] ts = out.timestamps();
    double[] vs = out.values();
    int end = out.size() + to - from;
    int i = out.size() - 1;
    int j = to - 1;
    int k = end - 1;
    while (j >= from) {
      if (i >= start && ts[i] > newerT[j]) {
        ts[k] = ts[i];
        vs[k--] = vs[i--];
      } else {
        if (i >= start && ts[i] == newerT[j]) {
          i--;
        }
        ts[k] = newerT[j];
        vs[k--] = newerV[j--];
      }
    }
    int gap = k - i;
    if (gap > 0) {
      System.arraycopy(ts, k + 1, ts, i + 1, end - k - 1);
      System.arraycopy(vs, k + 1, vs, i + 1, end - k - 1);
    }
    out.setSize(end - gap);
  }

  /**
   * Merges, in place, the samples from index {@code split} on (ascending, newer) with those in
   * {@code [start, split)} (ascending, older). Layers of a series overlap at their edges only (a
   * head still holding a little of what a cut persisted), so only the overlapping stretch is copied
   * aside; the newer samples after it move once, and only if ties dropped older ones.
   */
  public static void mergeAfter(SampleBuffer out, int start, int split) {
    int end = out.size();
    long[] ts = out.timestamps();
    double[] vs = out.values();
    if (split == start || split == end || ts[split - 1] < ts[split]) {
      return;
    }
    int p = firstAbove(ts, start, split, ts[split] - 1);
    int q = firstAbove(ts, split, end, ts[split - 1]);
    long[] olderT = Arrays.copyOfRange(ts, p, split);
    double[] olderV = Arrays.copyOfRange(vs, p, split);
    int w = p;
    int i = 0;
    int j = split;
    while (i < olderT.length && j < q) {
      if (olderT[i] < ts[j]) {
        ts[w] = olderT[i];
        vs[w++] = olderV[i++];
      } else {
        if (olderT[i] == ts[j]) {
          i++;
        }
        ts[w] = ts[j];
        vs[w++] = vs[j++];
      }
    }
    for (; i < olderT.length; i++) {
      ts[w] = olderT[i];
      vs[w++] = olderV[i];
    }
    if (w != j) {
      System.arraycopy(ts, j, ts, w, end - j);
      System.arraycopy(vs, j, vs, w, end - j);
    }
    out.setSize(w + end - j);
  }

  /** The first index in {@code [from, to)} with a timestamp above {@code t}, or {@code to}. */
  private static int firstAbove(long[] ts, int from, int to, long t) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ts[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
