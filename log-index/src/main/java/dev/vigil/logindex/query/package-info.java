/**
 * Query evaluation over the store's {@link dev.vigil.logindex.store.LogReader}: LogQL log and
 * metric queries, plain Lucene-syntax search, trace lookups and label listings, with their result
 * types. Lucene is only a prefilter here: every line returned has passed the LogQL pipeline on its
 * own text. The result types are public API; the rest is internal.
 */
package dev.vigil.logindex.query;
