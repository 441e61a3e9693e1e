package dev.vigil.tsdb.chunk;

/**
 * Decodes a chunk lazily, one sample per {@link #next()}, without allocating per sample. The
 * iterator reads the caller's byte array in place: the bytes must not change while it is in use.
 * Not thread-safe; use one iterator per reader, reusing it across chunks with {@link #reset}.
 */
public interface SampleIterator {

  /**
   * Advances to the next sample; {@code false} once all samples were read.
   *
   * @throws CorruptChunkException if the chunk's bytes are malformed
   */
  boolean next();

  /** Timestamp of the current sample; only valid after {@link #next()} returned {@code true}. */
  long timestamp();

  /** Value of the current sample, bit for bit as appended. */
  double value();

  /**
   * Decodes the remaining samples in one loop, appending those with timestamps in {@code [minT,
   * maxT]} to {@code out}; stops after the first sample past {@code maxT}, after which this
   * iterator's position is undefined until {@link #reset}. For reads that want whole chunks (a
   * query loading a selector) rather than a cursor.
   *
   * @throws CorruptChunkException if the chunk's bytes are malformed
   */
  default void appendTo(long minT, long maxT, dev.vigil.model.series.SampleBuffer out) {
    while (next()) {
      long t = timestamp();
      if (t > maxT) {
        return;
      }
      if (t >= minT) {
        out.add(t, value());
      }
    }
  }

  /**
   * Points this iterator at another chunk of the same encoding, before its first sample.
   *
   * @throws CorruptChunkException if the header is malformed or names another encoding
   */
  void reset(byte[] chunk, int offset, int length);

  /**
   * {@link #appendTo}, for a reader that needs only which samples there are ({@code
   * Series.appendPresence}): staleness markers stay markers, other values may be anything. Only on
   * a fresh iterator (nothing read yet); afterwards it is exhausted.
   */
  default void appendPresenceTo(long minT, long maxT, dev.vigil.model.series.SampleBuffer out) {
    appendTo(minT, maxT, out);
  }
}
