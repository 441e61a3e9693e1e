package dev.vigil.tsdb.head;

import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.SampleRun;
import dev.vigil.model.series.Series;
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

  /** The chunks, unless out-of-order samples in range must be merged into them. */
  @Override
  public List<SampleRun> runs() {
    return oooTimes.length == 0 ? List.copyOf(chunks) : null;
  }
}
