/**
 * The PromQL abstract syntax tree: immutable records under the sealed {@link
 * dev.vigil.promql.ast.Expr}, the function table the parser type-checks calls against, and the
 * canonical printer. This is the contract the evaluator will walk; it follows Prometheus 3.x
 * semantics and is expected to stay stable.
 */
package dev.vigil.promql.ast;
