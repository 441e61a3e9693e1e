package dev.vigil.logindex.store;

/**
 * How partitions' Lucene indexes are written.
 *
 * @param ramBufferMb IndexWriter's buffer before it flushes a segment, per open partition
 * @param compression of the stored records
 * @param searchIdleNanos how long after its last search a partition's periodic refreshes stop
 */
public record PartitionConfig(
    double ramBufferMb, StoredCompression compression, long searchIdleNanos) {
  public PartitionConfig {
    if (searchIdleNanos <= 0) {
      throw new IllegalArgumentException(
          "searchIdleNanos must be positive, got " + searchIdleNanos);
    }
    if (!(ramBufferMb >= 1)) {
      throw new IllegalArgumentException("ramBufferMb must be at least 1, got " + ramBufferMb);
    }
  }
}
