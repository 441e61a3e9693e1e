/**
 * The Lucene codecs of log partitions: Lucene's own formats, except the stored records, which are
 * split into columns and zstd-compressed a large chunk at a time ({@link
 * dev.vigil.logindex.codec.LogCodec}), and read a chunk at a time. The codec that wrote records as
 * they come ({@link dev.vigil.logindex.codec.LogCodecVersion1}) stays for reading. A codec's name
 * is written into every segment, so each must stay loadable (by SPI) for as long as such segments
 * may exist. The same chunk compression serves the record files of format-4 partitions ({@link
 * dev.vigil.logindex.codec.RecordChunkCodec}), which keep records outside Lucene.
 */
package dev.vigil.logindex.codec;
