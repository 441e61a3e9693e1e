package dev.vigil.logindex.store;

/**
 * How partitions' Lucene indexes are written.
 *
 * @param ramBufferMb IndexWriter's buffer before it flushes a segment, per open partition
 * @param compression of the stored records
 */
public record PartitionConfig(double ramBufferMb, StoredCompression compression) {
  public PartitionConfig {
    if (!(ramBufferMb >= 1)) {
      throw new IllegalArgumentException("ramBufferMb must be at least 1, got " + ramBufferMb);
    }
  }
}
