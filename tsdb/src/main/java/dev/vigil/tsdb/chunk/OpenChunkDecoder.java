package dev.vigil.tsdb.chunk;

import java.util.Arrays;

/**
 * Keeps the samples of a chunk that is still being appended to decoded in arrays, and brings them
 * up to date from a later snapshot of the same chunk by decoding only what was appended since: a
 * rule reading the newest samples of a series every tick would otherwise decode the open chunk from
 * its start each time, a cost growing with the chunk's fill.
 *
 * <p>Resuming is exact because the decoder continues from a state it saved after the last sample
 * whose bits were final (see {@link AdaptiveIterator#atFinalBits}): the bit streams of later
 * snapshots extend earlier ones, except for a zero run the encoder has not ended yet, which a
 * snapshot writes as a short run and a later one differently. Samples decoded past the saved state
 * are decoded again on the next update (to the same values). When a layout flag changed between
 * snapshots (the timestamps stopped being regular, the values constant) it decodes from the start.
 *
 * <p>Not thread-safe: callers serialize {@link #update}. Arrays handed out by {@link #times()} and
 * {@link #values()} are only ever appended to beyond the count a caller saw, never rewritten below
 * it, so a reader may keep reading its prefix while a later update extends them.
 */
public final class OpenChunkDecoder {
  private static final long[] NO_TIMES = new long[0];
  private static final double[] NO_VALUES = new double[0];

  /**
   * The decoder's state at the last final bits, or null. Only this outlives an update: a decoder
   * kept per series between reads was eight objects on the heap of every series a rule reads.
   */
  private long[] checkpoint;

  private long[] times = NO_TIMES;
  private double[] values = NO_VALUES;
  private int count;
  private int fullDecodes;

  /**
   * Decodes {@code chunk}, which must be a snapshot of the chunk this decoder last saw with zero or
   * more samples appended since (or any chunk after {@link #clear}); afterwards {@link #count()} is
   * its sample count.
   *
   * @throws CorruptChunkException if the chunk is malformed; the decoder is then cleared
   */
  public void update(byte[] chunk, int offset, int length) {
    try {
      AdaptiveIterator decoder = new AdaptiveIterator();
      decoder.reset(chunk, offset, length);
      if (checkpoint == null || !decoder.resumeFrom(checkpoint)) {
        fullDecodes++;
        checkpoint = null;
      }
      int n = decoder.count();
      if (n > times.length) {
        int capacity = Math.max(n, Math.max(16, times.length * 2));
        times = Arrays.copyOf(times, capacity);
        values = Arrays.copyOf(values, capacity);
      }
      // Samples below count are in the arrays already (a reader may be reading them): the ones
      // decoded again after a resume from an earlier checkpoint are the same samples.
      while (decoder.next()) {
        int i = decoder.index() - 1;
        if (i >= count) {
          times[i] = decoder.timestamp();
          values[i] = decoder.value();
        }
        if (decoder.atFinalBits()) {
          if (checkpoint == null) {
            checkpoint = new long[AdaptiveIterator.STATE_LONGS];
          }
          decoder.saveTo(checkpoint);
        }
      }
      count = Math.max(count, n);
    } catch (RuntimeException e) {
      clear();
      throw e;
    }
  }

  /** Forgets the samples and the saved state; the next {@link #update} decodes from the start. */
  public void clear() {
    times = NO_TIMES;
    values = NO_VALUES;
    count = 0;
    checkpoint = null;
  }

  /** Samples decoded, at the start of {@link #times()} and {@link #values()}. */
  public int count() {
    return count;
  }

  public long[] times() {
    return times;
  }

  public double[] values() {
    return values;
  }

  /** What the arrays and the checkpoint cost the heap, about. */
  public long bytes() {
    return 16L * times.length + (checkpoint == null ? 0 : 16 + 8L * checkpoint.length);
  }

  /** How many updates had to decode from the chunk's start (for tests and statistics). */
  public int fullDecodes() {
    return fullDecodes;
  }
}
