/**
 * Span filters: the expression tree that TraceQL text and Jaeger-style search parameters both
 * become, the hand-written TraceQL parser, and the in-memory evaluation that is also the reference
 * the Lucene translation is tested against. The grammar is in the module README.
 */
package dev.vigil.tracestore.query;
