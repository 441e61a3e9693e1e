/**
 * Immutable segment files: whole traces sorted by trace id in checksummed, compressed blocks, with
 * a block index and a Bloom filter so that a trace-by-id lookup reads one block of only the
 * segments that hold the trace. Layout in FORMAT.md; internal to the trace store.
 */
package dev.vigil.tracestore.segment;
