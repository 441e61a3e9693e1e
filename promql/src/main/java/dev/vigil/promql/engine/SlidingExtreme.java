package dev.vigil.promql.engine;

/**
 * {@code max_over_time}, {@code min_over_time} and their {@code ts_of_} forms over windows that
 * only move forward: a monotonic queue of sample indexes, so a range query costs one pass over the
 * samples instead of one pass per step over every window (a 1 h window at step 1 m re-reads each
 * sample 60 times).
 *
 * <p>Prometheus folds each window with {@code if f > best || isNaN(best)}: NaN loses to any number
 * and only an all-NaN window yields NaN; among equal values (including 0 and -0) the earliest wins,
 * and in an all-NaN window the timestamp is the last sample's. The queue keeps exactly that: NaN is
 * never queued, and a new value evicts only values it strictly beats, so the front is the earliest
 * best. A window that moves back, or a {@link #reset} for the next series, restarts the queue.
 */
final class SlidingExtreme implements RangeFunctions.Body {
  private final boolean max;
  private final boolean timestamp;
  private int[] queue = new int[16];
  private int head;
  private int tail;
  private int from;
  private int to;

  SlidingExtreme(boolean max, boolean timestamp) {
    this.max = max;
    this.timestamp = timestamp;
  }

  @Override
  public void reset() {
    from = Integer.MAX_VALUE; // the next window restarts the queue at its own start
  }

  @Override
  public double apply(Window w) {
    if (w.from < from || w.to < to) {
      head = 0;
      tail = 0;
      from = w.from;
      to = w.from;
    }
    double[] v = w.v;
    for (; to < w.to; to++) {
      double f = v[to];
      if (Double.isNaN(f)) {
        continue;
      }
      while (tail > head && (max ? v[queue[tail - 1]] < f : v[queue[tail - 1]] > f)) {
        tail--;
      }
      if (tail == queue.length) {
        compact();
      }
      queue[tail++] = to;
    }
    from = w.from;
    while (head < tail && queue[head] < from) {
      head++;
    }
    if (head == tail) {
      return timestamp ? w.t[w.to - 1] / 1000.0 : v[w.to - 1];
    }
    int best = queue[head];
    return timestamp ? w.t[best] / 1000.0 : v[best];
  }

  private void compact() {
    int n = tail - head;
    if (n * 2 > queue.length) {
      queue = java.util.Arrays.copyOf(queue, queue.length * 2);
    }
    System.arraycopy(queue, head, queue, 0, n);
    head = 0;
    tail = n;
  }
}
