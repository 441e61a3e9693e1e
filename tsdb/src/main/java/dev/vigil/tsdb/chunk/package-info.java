/**
 * Chunk encoding: the compressed form of up to ~120 consecutive samples (millisecond timestamp,
 * double value) of one series, the unit that the head appends to and that block files store. The
 * public face is {@link dev.vigil.tsdb.chunk.ChunkEncoding} (factory), {@link
 * dev.vigil.tsdb.chunk.ChunkAppender} and {@link dev.vigil.tsdb.chunk.SampleIterator}; the byte
 * layout is specified in {@code tsdb/FORMAT.md} and is stable once released (new layouts get a new
 * encoding id, old ones stay readable).
 */
package dev.vigil.tsdb.chunk;
