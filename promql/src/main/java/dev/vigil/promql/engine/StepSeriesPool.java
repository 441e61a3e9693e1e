package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Step series a streamed expression's fold is done with, for the next series to fill: a day-long
 * query over 10,000 series otherwise allocates a series' worth of steps (23 KB at step 1 m) for
 * each, only for the fold to drop it at once, and under a tight heap the collector then runs every
 * few tens of milliseconds. Thread-safe (workers take, the query's thread gives back); one per
 * query, holding at most {@link #MAX_KEPT} series.
 */
final class StepSeriesPool {
  /** Enough for the slices in flight between two workers and the fold. */
  static final int MAX_KEPT = 4 * Evaluator.STREAMED_SLICE;

  private final ConcurrentLinkedQueue<StepSeries> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger kept = new AtomicInteger();

  /** An empty series with the given labels and room for at least {@code capacity} points. */
  StepSeries take(Labels labels, boolean dropName, int capacity) {
    StepSeries s = free.poll();
    if (s == null) {
      return new StepSeries(labels, dropName, capacity);
    }
    kept.decrementAndGet();
    s.labels = labels;
    s.dropName = dropName;
    s.size = 0;
    if (s.ts.length < capacity) {
      s.ts = new long[capacity];
      s.vs = new double[capacity];
    }
    return s;
  }

  /** Takes back a series nobody reads any more. */
  void give(StepSeries s) {
    if (kept.incrementAndGet() > MAX_KEPT) {
      kept.decrementAndGet();
      return;
    }
    s.labels = null;
    free.add(s);
  }
}
