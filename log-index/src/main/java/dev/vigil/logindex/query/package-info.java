/**
 * Query evaluation over the store's {@link dev.vigil.logindex.store.LogReader}: LogQL log and
 * metric queries, plain Lucene-syntax search, trace lookups and label listings, with their result
 * types. Lucene is only a prefilter here: every line returned has passed the LogQL pipeline on its
 * own text, and every query stops at its deadline ({@code logs.query-timeout}). In document format
 * 5 selectors and searches on a stream's shared fields are answered per stream ({@code
 * StreamTable}). The result types are public API; the rest is internal.
 */
package dev.vigil.logindex.query;
