package dev.vigil.logindex.store;

/**
 * How a partition's stored records are compressed. Each segment records its own, so partitions
 * written with any of them are read alike and a change applies to segments written from then on.
 */
public enum StoredCompression {
  /** zstd over 128 KiB chunks ({@code LogCodec}): the smallest, and cheap to read in order. */
  ZSTD,
  /** Lucene's LZ4 mode (BEST_SPEED): the fastest to write, the largest. */
  LZ4,
  /** Lucene's DEFLATE mode (BEST_COMPRESSION): each record read inflates a 48 KB block. */
  DEFLATE
}
