/**
 * The log index's write-ahead log ("translog"): batches are written and fsynced here before the
 * sink acknowledges them, and replayed into Lucene after a crash. Byte layout in {@code
 * log-index/FORMAT.md}. Internal to the log index; the format is versioned and may change.
 */
package dev.vigil.logindex.translog;
