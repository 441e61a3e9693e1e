package dev.vigil.tsdb.chunk;

/**
 * A sample's timestamp is not after the chunk's last one. Chunks only grow forwards in time;
 * out-of-order and duplicate samples are resolved above the chunk layer, which should count and
 * report the rejection to the sender.
 */
public final class OutOfOrderSampleException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final long timestamp;
  private final long lastTimestamp;

  public OutOfOrderSampleException(long timestamp, long lastTimestamp) {
    super(
        "sample at "
            + timestamp
            + " ms is not after the chunk's last sample at "
            + lastTimestamp
            + " ms; chunks accept strictly increasing timestamps only");
    this.timestamp = timestamp;
    this.lastTimestamp = lastTimestamp;
  }

  public long timestamp() {
    return timestamp;
  }

  public long lastTimestamp() {
    return lastTimestamp;
  }
}
