package dev.vigil.tracestore.query;

import dev.vigil.model.trace.SpanKind;
import dev.vigil.model.trace.StatusCode;
import java.util.regex.Pattern;

/** The right-hand side of a condition. */
public sealed interface Literal {

  record Str(String value) implements Literal {
    @Override
    public String toString() {
      return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
  }

  /** A regular expression in java.util.regex syntax, matched against the whole value. */
  record Regex(String source, Pattern pattern) implements Literal {
    @Override
    public String toString() {
      return new Str(source).toString();
    }
  }

  record Num(double value) implements Literal {
    @Override
    public String toString() {
      return value == Math.rint(value) && Math.abs(value) < 1e15
          ? Long.toString((long) value)
          : Double.toString(value);
    }
  }

  record Bool(boolean value) implements Literal {
    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  record Duration(long nanos) implements Literal {
    @Override
    public String toString() {
      return nanos + "ns";
    }
  }

  record Status(StatusCode code) implements Literal {
    @Override
    public String toString() {
      return code.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  record Kind(SpanKind kind) implements Literal {
    @Override
    public String toString() {
      return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
