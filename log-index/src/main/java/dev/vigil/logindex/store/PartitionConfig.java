package dev.vigil.logindex.store;

/**
 * How partitions' Lucene indexes are written.
 *
 * @param ramBufferMb IndexWriter's buffer before it flushes a segment, per open partition
 * @param bestCompression stored fields with DEFLATE (smaller, slower to read) or LZ4
 */
public record PartitionConfig(double ramBufferMb, boolean bestCompression) {
  public PartitionConfig {
    if (!(ramBufferMb >= 1)) {
      throw new IllegalArgumentException("ramBufferMb must be at least 1, got " + ramBufferMb);
    }
  }
}
