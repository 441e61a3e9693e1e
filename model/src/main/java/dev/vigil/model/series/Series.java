package dev.vigil.model.series;

/** One selected series: its labels and its samples within the querier's time range. */
public interface Series {
  Labels labels();

  /** A new iterator over the samples, each call independent of earlier ones. */
  SampleIterator samples();
}
