package dev.vigil.tsdb.block;

import java.util.Arrays;

/** Set operations on sorted arrays of series ids. */
final class Postings {
  private Postings() {}

  /**
   * Keeps the first {@code n} sorted {@code candidates} that are also in sorted {@code ids}, in
   * place, looking each up by galloping search (the candidates are the shorter list); returns how
   * many remain.
   */
  static int retain(int[] candidates, int n, int[] ids) {
    int kept = 0;
    int from = 0;
    for (int i = 0; i < n && from < ids.length; i++) {
      int id = candidates[i];
      from = gallop(ids, from, id);
      if (from < ids.length && ids[from] == id) {
        candidates[kept++] = id;
        from++;
      }
    }
    return kept;
  }

  /** The first index from {@code from} of sorted {@code ids} whose id is ≥ {@code key}. */
  static int gallop(int[] ids, int from, int key) {
    int step = 1;
    int lo = from;
    int hi = from;
    while (hi < ids.length && ids[hi] < key) {
      lo = hi + 1;
      hi = from + step;
      step <<= 1;
    }
    hi = Math.min(hi, ids.length);
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ids[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static int[] union(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i] < b[j])) {
        out[n++] = a[i++];
      } else if (i >= a.length || b[j] < a[i]) {
        out[n++] = b[j++];
      } else {
        out[n++] = a[i++];
        j++;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
