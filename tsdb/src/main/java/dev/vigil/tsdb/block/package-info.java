/**
 * Blocks: immutable, self-describing directories holding one tenant's samples over a time range (a
 * chunks file, an index file and {@code meta.json}, specified in {@code tsdb/FORMAT.md}). The
 * writer streams series in label order; the reader maps the files and decodes lazily, so a query
 * over a long range never loads a block into the heap. The format is versioned: a change is a new
 * version that readers learn beside the old one.
 */
package dev.vigil.tsdb.block;
