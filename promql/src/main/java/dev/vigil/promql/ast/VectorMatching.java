package dev.vigil.promql.ast;

import java.util.List;
import java.util.Objects;

/**
 * How a binary operation between two instant vectors pairs their elements.
 *
 * @param cardinality one-to-one, many-to-one ({@code group_left}), one-to-many ({@code
 *     group_right}), or many-to-many (set operators)
 * @param matchingLabels the labels of {@code on(...)} or {@code ignoring(...)}
 * @param on true for {@code on}, false for {@code ignoring} (or no clause)
 * @param include the extra labels of {@code group_left(...)} / {@code group_right(...)}
 */
public record VectorMatching(
    Cardinality cardinality, List<String> matchingLabels, boolean on, List<String> include) {

  /** Pairing cardinality. */
  public enum Cardinality {
    ONE_TO_ONE,
    MANY_TO_ONE,
    ONE_TO_MANY,
    MANY_TO_MANY
  }

  public VectorMatching {
    Objects.requireNonNull(cardinality, "cardinality");
    matchingLabels = List.copyOf(matchingLabels);
    include = List.copyOf(include);
  }

  /** The default matching: one-to-one on all labels, or many-to-many for set operators. */
  public static VectorMatching defaultFor(BinaryOp op) {
    return new VectorMatching(
        op.isSetOperator() ? Cardinality.MANY_TO_MANY : Cardinality.ONE_TO_ONE,
        List.of(),
        false,
        List.of());
  }
}
