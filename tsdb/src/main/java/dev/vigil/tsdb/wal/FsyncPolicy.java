package dev.vigil.tsdb.wal;

/** When the log is forced to disk relative to the commit that wrote a record. */
public enum FsyncPolicy {
  /**
   * Before the commit returns (the default): acknowledged data survives a power loss. Concurrent
   * commits share one fsync (group commit), so the cost is per batch of commits, not per commit.
   */
  ALWAYS,
  /**
   * Within the configured interval by a background task: acknowledged data survives a process crash
   * (it is in the page cache) but up to one interval may be lost on power loss.
   */
  INTERVAL,
  /** Never explicitly: for benchmarks and throw-away data. */
  NEVER
}
