package dev.vigil.logindex.query;

/** Order of log query results, as Loki's {@code direction} parameter. */
public enum Direction {
  /** Oldest first. */
  FORWARD,
  /** Newest first (the default): stops as soon as the newest {@code limit} lines are known. */
  BACKWARD
}
