/** The ingest and search benchmark harness (a main class; figures in log-index/README.md). */
package dev.vigil.logindex.bench;
