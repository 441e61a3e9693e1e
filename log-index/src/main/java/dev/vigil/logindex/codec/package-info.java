/**
 * The Lucene codec of log partitions: Lucene's own formats, except the stored records, which are
 * zstd-compressed in large chunks and read a chunk at a time. Its name is written into every
 * segment, so it must stay loadable (by SPI) for as long as such segments may exist.
 */
package dev.vigil.logindex.codec;
