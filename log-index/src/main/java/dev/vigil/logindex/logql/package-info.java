/**
 * LogQL: a hand-written lexer and recursive-descent parser producing an immutable syntax tree
 * ({@link dev.vigil.logindex.logql.Expr}), and the per-line pipeline (line filters, json and logfmt
 * parsers, label filters, line_format, drop and keep) run on candidate lines. Plain Java, no
 * Lucene; the supported subset is listed in {@code log-index/README.md}.
 */
package dev.vigil.logindex.logql;
