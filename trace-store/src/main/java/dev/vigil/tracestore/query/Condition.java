package dev.vigil.tracestore.query;

/**
 * {@code field op value}. Over a field's values on the span (an attribute may occur more than once,
 * {@code .key} looks at span and resource, {@code event.key} at every event): a positive operator
 * matches when any value satisfies it; {@code !=} and {@code !~} match when the field has a value
 * of the literal's type and no value equals (matches) the literal.
 */
public record Condition(Field field, Op op, Literal value) implements Expr {
  @Override
  public String toString() {
    return field + " " + op.symbol() + " " + value;
  }
}
