package dev.vigil.tsdb.head;

import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleBuffer;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.SampleRun;
import dev.vigil.model.series.Series;
import dev.vigil.tsdb.chunk.SampleOverlay;
import java.util.Arrays;
import java.util.List;

/** A series as one query sees it: immutable chunk bytes plus out-of-order samples, in range. */
record SeriesSnapshot(
    Labels labels,
    List<HeadChunk> chunks,
    long[] oooTimes,
    double[] oooValues,
    long minT,
    long maxT)
    implements Series {

  @Override
  public SampleIterator samples() {
    return new HeadSampleIterator(chunks, oooTimes, oooValues, minT, maxT);
  }

  /**
   * Decodes each chunk in range whole into {@code out}, then lays the out-of-order samples over
   * them: the same samples {@link #samples()} merges one at a time.
   */
  @Override
  public void appendSamples(long from, long to, SampleBuffer out) {
    append(from, to, out, false);
  }

  /** {@link #appendSamples}, chunks without staleness markers giving their timestamps alone. */
  @Override
  public void appendPresence(long from, long to, SampleBuffer out) {
    append(from, to, out, true);
  }

  private void append(long from, long to, SampleBuffer out, boolean presence) {
    long lo = Math.max(from, minT);
    long hi = Math.min(to, maxT);
    if (lo > hi) {
      return;
    }
    int start = out.size();
    for (HeadChunk c : chunks) {
      if (c.maxTime() >= lo && c.minTime() <= hi) {
        c.appendTo(lo, hi, out, presence);
      }
    }
    if (oooTimes.length > 0) {
      int a = firstAtOrAfter(oooTimes, lo);
      int b = hi == Long.MAX_VALUE ? oooTimes.length : firstAtOrAfter(oooTimes, hi + 1);
      SampleOverlay.overlay(out, start, oooTimes, oooValues, a, b);
    }
  }

  private static int firstAtOrAfter(long[] times, long t) {
    int i = Arrays.binarySearch(times, t);
    return i >= 0 ? i : -i - 1;
  }

  /** The chunks, unless out-of-order samples in range must be merged into them. */
  @Override
  public List<SampleRun> runs() {
    // The snapshot's own list, made for it and never changed: a view, not a copy per read.
    return oooTimes.length == 0 ? java.util.Collections.unmodifiableList(chunks) : null;
  }
}
