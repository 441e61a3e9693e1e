package dev.vigil.promql.engine;

import dev.vigil.model.series.ArraySampleIterator;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.SampleRun;
import dev.vigil.model.series.SampleSummary;

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

  ReadOnceRun(SampleRun run) {
    this.run = run;
  }

  @Override
  public long minTime() {
    return run.minTime();
  }

  @Override
  public long maxTime() {
    return run.maxTime();
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
    if (times == null) {
      SampleIterator it = run.samples();
      // The store's decoded chunks (head chunks read before, cached block chunks) come as arrays:
      // taken as they are, not copied.
      if (it instanceof ArraySampleIterator decoded && decoded.atStart()) {
        times = decoded.timestamps();
        values = decoded.values();
        count = decoded.length();
        return new ArraySampleIterator(times, values, count);
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
    return new ArraySampleIterator(times, values, count);
  }
}
