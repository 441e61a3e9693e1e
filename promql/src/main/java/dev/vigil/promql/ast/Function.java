package dev.vigil.promql.ast;

import java.util.List;
import java.util.Objects;

/**
 * The signature of a PromQL function.
 *
 * @param name the name, case-sensitive as in Prometheus
 * @param argTypes the declared argument types; when variadic, the last one repeats
 * @param variadic 0: exactly {@code argTypes.size()} arguments; n &gt; 0: the last declared
 *     argument is optional and may appear up to n times; -1: the last may repeat without limit.
 *     This is Prometheus' encoding, kept so the table reads the same as its documentation.
 * @param returnType what the call evaluates to
 * @param experimental whether Prometheus hides it behind {@code promql-experimental-functions}
 */
public record Function(
    String name,
    List<ValueType> argTypes,
    int variadic,
    ValueType returnType,
    boolean experimental) {

  public Function {
    Objects.requireNonNull(name, "name");
    argTypes = List.copyOf(argTypes);
    Objects.requireNonNull(returnType, "returnType");
  }

  /** The fewest arguments a call may have. */
  public int minArgs() {
    return variadic == 0 ? argTypes.size() : argTypes.size() - 1;
  }

  /** The most arguments a call may have, or {@link Integer#MAX_VALUE} if unbounded. */
  public int maxArgs() {
    if (variadic == 0) {
      return argTypes.size();
    }
    return variadic < 0 ? Integer.MAX_VALUE : argTypes.size() - 1 + variadic;
  }

  /** The type argument {@code index} must have. */
  public ValueType argType(int index) {
    return argTypes.get(Math.min(index, argTypes.size() - 1));
  }
}
