package dev.vigil.logindex.translog;

/** When translog writes are forced to disk relative to the append that made them. */
public enum SyncMode {
  /**
   * Before the append returns (the default): acknowledged data survives a power loss. Concurrent
   * appends share one fsync (group commit), so the cost is per group, not per append.
   */
  EVERY_APPEND,
  /**
   * By a background task every sync interval: acknowledged data survives a process crash (it is in
   * the page cache) but up to one interval may be lost on power loss.
   */
  INTERVAL,
  /** Never explicitly: for benchmarks and throw-away data. */
  NEVER
}
