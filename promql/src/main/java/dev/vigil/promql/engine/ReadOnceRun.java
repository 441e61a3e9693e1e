package dev.vigil.promql.engine;

import dev.vigil.model.series.ArraySampleIterator;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.SampleRun;
import dev.vigil.model.series.SampleSummary;
import dev.vigil.model.series.StaleMarker;

/**
 * A run that several windows or selectors of a batch read (the newest chunk, which ends every
 * window; the chunk a window starts in; a series that the errors and the total both select), read
 * from the store once: its samples are decoded on the first read and its summary asked for once.
 * Not thread-safe.
 */
final class ReadOnceRun implements SampleRun {
  private final SampleRun run;
  private boolean summarized;
  private SampleSummary summary;
  private long[] times;
  private double[] values;
  private int count;

  /** Indices {@code i} where {@code values[i] < values[i - 1]}; null until first needed. */
  private int[] resetAt;

  private boolean stale;

  private static final int[] NO_RESETS = new int[0];

  /*
   * Copied, not asked of the run each time: windows walk the runs by their bounds, and the calls
   * through to the store's run objects were a tenth of the rule threads' time.
   */
  private final long minTime;
  private final long maxTime;

  /** {@code minTime} and {@code maxTime}: the run's own, as the caller read them. */
  ReadOnceRun(SampleRun run, long minTime, long maxTime) {
    this.run = run;
    this.minTime = minTime;
    this.maxTime = maxTime;
  }

  @Override
  public long minTime() {
    return minTime;
  }

  @Override
  public long maxTime() {
    return maxTime;
  }

  @Override
  public SampleSummary summary() {
    if (!summarized) {
      summary = run.summary();
      summarized = true;
    }
    return summary;
  }

  @Override
  public SampleIterator samples() {
    read();
    return new ArraySampleIterator(times, values, count);
  }

  private void read() {
    if (times != null) {
      return;
    }
    SampleIterator it = run.samples();
    // The store's decoded chunks (head chunks read before, cached block chunks) come as arrays:
    // taken as they are, not copied.
    if (it instanceof ArraySampleIterator decoded && decoded.atStart()) {
      times = decoded.timestamps();
      values = decoded.values();
      count = decoded.length();
      return;
    }
    times = new long[16];
    values = new double[16];
    while (it.next()) {
      if (count == times.length) {
        times = java.util.Arrays.copyOf(times, count * 2);
        values = java.util.Arrays.copyOf(values, count * 2);
      }
      times[count] = it.timestamp();
      values[count++] = it.value();
    }
  }

  /**
   * Adds the run's samples in {@code (start, end]} to {@code f} for counters ({@link
   * WindowFacts#addCounters}): two binary searches and the run's resets, whatever the number of
   * samples. Returns how many samples it added, or -1 when the run holds staleness markers (the
   * caller then reads its samples one by one, skipping them).
   */
  int addCounters(WindowFacts f, long start, long end) {
    read();
    if (resetAt == null) {
      index();
    }
    if (stale) {
      return -1;
    }
    int from = upperBound(start);
    int to = upperBound(end);
    f.addCounters(times, values, from, to, resetAt);
    return Math.max(0, to - from);
  }

  /** The first index whose timestamp is after {@code t}. */
  private int upperBound(long t) {
    // Most windows end after the run (at the evaluation time) or start before it: no search then.
    if (count == 0 || t < times[0]) {
      return 0;
    }
    if (t >= times[count - 1]) {
      return count;
    }
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void index() {
    // The store's summary (kept across queries for closed chunks) already says whether the run has
    // staleness markers (it counts only the other samples) or resets: usually neither, and then no
    // sample needs a look.
    SampleSummary s = summary();
    if (s != null && s.count() == count && s.counterResets().length == 0) {
      resetAt = NO_RESETS;
      return;
    }
    int[] at = new int[0];
    int n = 0;
    for (int i = 0; i < count; i++) {
      if (StaleMarker.isStale(values[i])) {
        stale = true;
      }
      if (i > 0 && values[i] < values[i - 1]) {
        if (n == at.length) {
          at = java.util.Arrays.copyOf(at, Math.max(4, n * 2));
        }
        at[n++] = i;
      }
    }
    resetAt = java.util.Arrays.copyOf(at, n);
  }
}
