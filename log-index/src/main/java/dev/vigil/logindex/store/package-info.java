/**
 * The Lucene side of the log index: how a log record becomes a document (fields, analyzer, stored
 * source), time partitions (one Lucene index per tenant per hour or day, with, from document format
 * 4 on, the partition's records in a file of their own beside it: {@code RecordLog}; from format 5
 * on, what a stream's records share kept once per stream as a {@code StreamKey}), and the read
 * interface the LogQL evaluator runs on. Internal to the log index; the document layout is
 * versioned in {@code log-index/FORMAT.md}.
 */
package dev.vigil.logindex.store;
