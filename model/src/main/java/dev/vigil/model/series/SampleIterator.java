package dev.vigil.model.series;

/**
 * Samples of one series in ascending timestamp order, decoded lazily. Not thread-safe. After {@link
 * #next} or {@link #seek} returned true, {@link #timestamp} and {@link #value} describe the current
 * sample. A value may be {@link StaleMarker#STALE_NAN}, which marks the series as gone at that
 * time.
 */
public interface SampleIterator {
  /** Advances to the next sample; false when there is none. */
  boolean next();

  /**
   * Advances to the first sample with timestamp ≥ {@code t} (staying on the current one if it
   * already qualifies); false when there is none.
   */
  default boolean seek(long t) {
    if (hasCurrent() && timestamp() >= t) {
      return true;
    }
    while (next()) {
      if (timestamp() >= t) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a current sample exists (next or seek returned true and nothing was exhausted since).
   */
  boolean hasCurrent();

  /** Milliseconds since the Unix epoch. */
  long timestamp();

  double value();
}
