/**
 * The per-tenant Lucene index of spans (one document per span, trace id stored) behind search,
 * services and operations. It is derived data: built when a segment is written and rebuilt from the
 * segments for any the last commit does not cover. Internal to the trace store.
 */
package dev.vigil.tracestore.search;
