package dev.vigil.alert.template;

import java.time.Instant;
import java.util.List;

/**
 * A function a template may call, with Go's arity ({@code maxArgs} -1 for variadic). Arguments
 * arrive evaluated; a failure is a {@link GoValues.FunctionError}, which the interpreter reports as
 * {@code error calling NAME: ...}, or an {@link ArgumentTypeError} for a value of the wrong type.
 */
record GoFunction(String name, int minArgs, int maxArgs, Body body) {

  @FunctionalInterface
  interface Body {
    Object call(Env env, List<Object> args) throws GoValues.FunctionError, ArgumentTypeError;
  }

  /** What Prometheus' functions read besides their arguments. */
  record Env(Instant time, TemplateQuery query, String externalUrl) {}

  /** Go's {@code wrong type for value; expected string; got float64}. */
  static final class ArgumentTypeError extends Exception {
    private static final long serialVersionUID = 1L;

    ArgumentTypeError(String expected, Object got) {
      super(
          "wrong type for value; expected " + expected + "; got " + GoValues.typeName(got),
          null,
          false,
          false);
    }
  }

  static String string(List<Object> args, int i) throws ArgumentTypeError {
    if (args.get(i) instanceof String s) {
      return s;
    }
    throw new ArgumentTypeError("string", args.get(i));
  }

  static GoValues.Sample sample(List<Object> args, int i) throws ArgumentTypeError {
    if (args.get(i) instanceof GoValues.Sample s) {
      return s;
    }
    throw new ArgumentTypeError("*template.sample", args.get(i));
  }

  @SuppressWarnings("unchecked")
  static List<GoValues.Sample> samples(List<Object> args, int i) throws ArgumentTypeError {
    if (args.get(i) instanceof List<?> l
        && l.stream().allMatch(GoValues.Sample.class::isInstance)) {
      return (List<GoValues.Sample>) l;
    }
    throw new ArgumentTypeError("template.queryResult", args.get(i));
  }
}
