package dev.vigil.model.series;

/** One selected series: its labels and its samples within the querier's time range. */
public interface Series {
  Labels labels();

  /** A new iterator over the samples, each call independent of earlier ones. */
  SampleIterator samples();

  /**
   * The samples as the store keeps them: runs in ascending time that never overlap and together
   * hold exactly what {@link #samples()} yields plus, at the edges, samples of the same runs
   * outside the querier's range. Null when the store cannot offer that (samples merged from
   * overlapping sources, out-of-order samples not yet in a chunk); then read {@link #samples()}.
   */
  default java.util.List<SampleRun> runs() {
    return null;
  }
}
