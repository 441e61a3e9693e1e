/**
 * The head: recent samples in memory, in compressed chunks per series, with an inverted index from
 * label pairs to series, made durable by the write-ahead log before they become visible. Appends
 * and queries run concurrently: series are locked one at a time, the index per tenant only when a
 * new series appears. Exemplars live beside the series, in a ring per tenant ({@code
 * ExemplarBuffer}), logged to the same WAL and never written to blocks.
 */
package dev.vigil.tsdb.head;
