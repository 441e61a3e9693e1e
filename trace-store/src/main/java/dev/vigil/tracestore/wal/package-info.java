/**
 * The per-tenant write-ahead log of span batches: checksummed records in numbered files, group
 * commit, torn-tail repair on replay. Internal; layout in FORMAT.md.
 */
package dev.vigil.tracestore.wal;
