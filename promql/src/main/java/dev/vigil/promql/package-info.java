/**
 * Vigil's PromQL front end: {@link dev.vigil.promql.PromQL} parses query text into the AST of
 * {@code dev.vigil.promql.ast}, type-checked as Prometheus 3.x does, with positions kept beside the
 * tree for error and warning messages. The lexer, parser and checker are package-private; the
 * facade, options, {@link dev.vigil.promql.ParsedQuery} and {@link dev.vigil.promql.ParseException}
 * are the stable surface.
 */
package dev.vigil.promql;
