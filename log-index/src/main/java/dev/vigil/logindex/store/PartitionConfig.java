package dev.vigil.logindex.store;

/**
 * How partitions' Lucene indexes are written.
 *
 * @param ramBufferMb IndexWriter's buffer before it flushes a segment, per open partition
 * @param compression of the stored records
 * @param searchIdleNanos how long after its last search a partition's periodic refreshes stop
 * @param createFormat the document format of partitions created from now on: 5 (the newest) or 4
 *     with zstd, 3 with another compression; a partition on disk keeps its own. Tests write the
 *     partitions an earlier build made with it.
 */
public record PartitionConfig(
    double ramBufferMb, StoredCompression compression, long searchIdleNanos, int createFormat) {
  public PartitionConfig {
    if (searchIdleNanos <= 0) {
      throw new IllegalArgumentException(
          "searchIdleNanos must be positive, got " + searchIdleNanos);
    }
    if (!(ramBufferMb >= 1)) {
      throw new IllegalArgumentException("ramBufferMb must be at least 1, got " + ramBufferMb);
    }
    boolean known =
        compression == StoredCompression.ZSTD
            ? createFormat == Partition.FORMAT_STREAMS
                || createFormat == Partition.FORMAT_RECORD_FILE
            : createFormat == Partition.FORMAT_COMPACT;
    if (!known) {
      throw new IllegalArgumentException(
          "partitions with " + compression + " are not created in format " + createFormat);
    }
  }

  /** New partitions in the newest format for the compression. */
  public PartitionConfig(double ramBufferMb, StoredCompression compression, long searchIdleNanos) {
    this(
        ramBufferMb,
        compression,
        searchIdleNanos,
        compression == StoredCompression.ZSTD
            ? Partition.FORMAT_STREAMS
            : Partition.FORMAT_COMPACT);
  }
}
