package dev.vigil.model.series;

/**
 * A stretch of consecutive samples of one series, as the store keeps it (a chunk): its time range
 * is known without reading it, and its {@link SampleSummary} is computed once and kept by the
 * store. A query over a long window decodes only the runs at the window's edges.
 */
public interface SampleRun {
  /** The first sample's timestamp (staleness markers included), ms. */
  long minTime();

  /** The last sample's timestamp (staleness markers included), ms. */
  long maxTime();

  /** The run's summary; null when the run holds nothing but staleness markers. */
  SampleSummary summary();

  /** Every sample of the run, regardless of the querier's time range. */
  SampleIterator samples();
}
