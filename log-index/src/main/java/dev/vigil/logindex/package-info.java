/**
 * Vigil's log store on Apache Lucene: {@link dev.vigil.logindex.LogIndex} is the facade (open,
 * sink, queries, stats, close) and {@link dev.vigil.logindex.LogIndexOptions} its settings. The
 * facade and the result types in {@code query} are the public API; the rest of the module is
 * internal and may change.
 */
package dev.vigil.logindex;
