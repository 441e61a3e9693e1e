package dev.vigil.tsdb.block;

/**
 * Constants of the {@code index} file (see {@code tsdb/FORMAT.md}): header, series, symbols,
 * postings lists, postings offset table, series offset table, a table of contents and the CRC32C.
 */
final class IndexFile {
  static final String NAME = "index";
  static final int MAGIC = 0x56494458; // "VIDX"
  static final byte VERSION = 1;

  /** The table of contents: five u64 section offsets before the footer. */
  static final int TOC_SIZE = 5 * 8;

  private IndexFile() {}
}
