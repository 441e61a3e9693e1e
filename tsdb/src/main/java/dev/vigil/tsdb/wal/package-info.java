/**
 * The write-ahead log: every committed append is in the log, synced per the {@link
 * dev.vigil.tsdb.wal.FsyncPolicy}, before the commit returns, so an acknowledged sample survives a
 * crash. Segment files of checksummed records, replayed on start; a torn or corrupt tail is cut off
 * and reported, never fatal. The byte layout is in {@code tsdb/FORMAT.md}. Plain Java, no knowledge
 * of what the records mean.
 */
package dev.vigil.tsdb.wal;
