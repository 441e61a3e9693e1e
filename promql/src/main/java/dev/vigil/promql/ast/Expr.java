package dev.vigil.promql.ast;

/**
 * A PromQL expression. Every implementation is an immutable record whose {@code toString()} is the
 * canonical PromQL text, so {@code parse(expr.toString())} yields an equal tree.
 *
 * <p>Source positions are deliberately not part of the records: two expressions that mean the same
 * are equal wherever they were written. The parser hands positions out beside the tree (see {@code
 * dev.vigil.promql.ParsedQuery}).
 */
public sealed interface Expr
    permits AggregateExpr,
        BinaryExpr,
        Call,
        MatrixSelector,
        NumberLiteral,
        ParenExpr,
        StringLiteral,
        SubqueryExpr,
        UnaryExpr,
        VectorSelector {

  /** The type this expression evaluates to. */
  ValueType type();
}
