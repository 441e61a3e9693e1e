package dev.vigil.tsdb.chunk;

/**
 * Builds one chunk from samples of one series in strictly increasing time order. The caller decides
 * when a chunk is full (Vigil cuts at 120 samples or 2 h) from {@link #sampleCount()}, {@link
 * #minTime()}, {@link #maxTime()} and {@link #sizeBytes()}, then takes {@link #bytes()} and either
 * drops the appender or {@link #reset()}s it for the next chunk.
 *
 * <p>Not thread-safe: one writer at a time, and readers take {@link #bytes()} snapshots. An append
 * costs amortised O(1) (the first append that makes a chunk's timestamps irregular, or its values
 * differ, also writes the codes of the samples before it) and allocates nothing except when the
 * internal buffers grow or a time stream is first needed.
 */
public interface ChunkAppender {

  /**
   * Adds a sample. Every double is kept bit for bit, NaN payloads (e.g. the stale marker) included.
   *
   * @throws OutOfOrderSampleException if {@code timestampMillis} is not after the last one; the
   *     chunk is unchanged
   */
  void append(long timestampMillis, double value);

  int sampleCount();

  /** Timestamp of the first sample; {@link IllegalStateException} when empty. */
  long minTime();

  /** Timestamp of the last sample; {@link IllegalStateException} when empty. */
  long maxTime();

  /** Exact length of what {@link #bytes()} would return now; O(1). */
  int sizeBytes();

  /**
   * A self-describing copy of the chunk as it stands (the layout in {@code tsdb/FORMAT.md}); the
   * appender keeps accepting samples afterwards. {@link IllegalStateException} when empty.
   */
  byte[] bytes();

  ChunkEncoding encoding();

  /** Empties the appender, keeping its buffers, to build the next chunk. */
  void reset();
}
