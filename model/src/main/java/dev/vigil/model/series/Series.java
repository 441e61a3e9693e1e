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

  /**
   * Appends to {@code out} the samples {@link #samples()} yields with timestamps in {@code [minT,
   * maxT]}, in order, staleness markers included: what a query engine loads per selector. Stores
   * override it to decode whole chunks into the buffer instead of calling an iterator per sample.
   */
  default void appendSamples(long minT, long maxT, SampleBuffer out) {
    SampleIterator it = samples();
    if (!it.seek(minT)) {
      return;
    }
    do {
      long t = it.timestamp();
      if (t > maxT) {
        return;
      }
      out.add(t, it.value());
    } while (it.next());
  }

  /**
   * {@link #appendSamples}, for a reader that needs only which samples there are: the same
   * timestamps, staleness markers as staleness markers, and any other value unspecified (a count or
   * {@code group} of an instant selector at each step). A store that knows a chunk holds no
   * staleness marker may then read its timestamps and skip decoding its values; by default the
   * values are read anyway.
   */
  default void appendPresence(long minT, long maxT, SampleBuffer out) {
    appendSamples(minT, maxT, out);
  }
}
