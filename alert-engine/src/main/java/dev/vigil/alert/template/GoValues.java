package dev.vigil.alert.template;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How Go values live in the interpreter: {@link String} (string), {@link Long} (int), {@link
 * Double} (float64), {@link Boolean}, {@code null} (nil), a sorted {@code Map<String, String>}
 * (Prometheus' {@code map[string]string}), {@link ArgsMap} ({@code map[string]interface{}}), {@link
 * List} (a slice), and the records below for Prometheus' structs. Go's truth and comparison rules
 * live here too.
 */
final class GoValues {
  private GoValues() {}

  /** The template's data, Prometheus' {@code .Labels}, {@code .Value} and so on. */
  record AlertData(
      Map<String, String> labels,
      Map<String, String> externalLabels,
      String externalUrl,
      double value) {
    static final String TYPE =
        "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string;"
            + " Value float64 }";
  }

  /** One sample of a {@code query} result: {@code .Labels} and {@code .Value}. */
  record Sample(Map<String, String> labels, double value) {}

  /** What {@code args} returns; a missing key reads as nil, not as an empty string. */
  static final class ArgsMap extends TreeMap<String, Object> {
    private static final long serialVersionUID = 1L;
  }

  /** Go's {@code time.Time}, printed as its {@code String()} in UTC. */
  record Time(Instant instant) {
    private static final DateTimeFormatter SECONDS =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Override
    public String toString() {
      String fraction = "";
      int nanos = instant.getNano();
      if (nanos != 0) {
        fraction = "." + String.format("%09d", nanos).replaceFirst("0+$", "");
      }
      return SECONDS.format(instant) + fraction + " +0000 UTC";
    }
  }

  /** Go's {@code time.Duration}, printed as its {@code String()} ({@code 1h1m1.5s}). */
  record Duration(long nanos) {
    @Override
    public String toString() {
      if (nanos == 0) {
        return "0s";
      }
      String sign = nanos < 0 ? "-" : "";
      long u = Math.abs(nanos);
      if (u < 1_000_000_000L) {
        if (u < 1_000) {
          return sign + u + "ns";
        }
        if (u < 1_000_000) {
          return sign + decimal(u, 1_000) + "µs";
        }
        return sign + decimal(u, 1_000_000) + "ms";
      }
      long h = u / 3_600_000_000_000L;
      long m = u / 60_000_000_000L % 60;
      String s = decimal(u % 60_000_000_000L, 1_000_000_000L) + "s";
      if (h > 0) {
        return sign + h + "h" + m + "m" + s;
      }
      return m > 0 ? sign + m + "m" + s : sign + s;
    }

    private static String decimal(long v, long unit) {
      long whole = v / unit;
      long frac = v % unit;
      if (frac == 0) {
        return Long.toString(whole);
      }
      int width = Long.toString(unit).length() - 1;
      return whole + "." + String.format("%0" + width + "d", frac).replaceFirst("0+$", "");
    }
  }

  /** Go's type name of a value, as {@code %T} and error messages print it. */
  static String typeName(Object v) {
    return switch (v) {
      case null -> "<nil>";
      case String s -> "string";
      case Long l -> "int";
      case Double d -> "float64";
      case Boolean b -> "bool";
      case ArgsMap m -> "map[string]interface {}";
      case Map<?, ?> m -> "map[string]string";
      case List<?> l when !l.isEmpty() && l.get(0) instanceof Sample -> "template.queryResult";
      case List<?> l -> "[]interface {}";
      case Sample s -> "*template.sample";
      case AlertData a -> AlertData.TYPE;
      case Time t -> "*time.Time";
      case Duration d -> "*time.Duration";
      default -> v.getClass().getSimpleName();
    };
  }

  /** Go's truth for {@code if}, {@code with}, {@code and}, {@code or}, {@code not}. */
  static boolean truth(Object v) {
    return switch (v) {
      case null -> false;
      case Boolean b -> b;
      case Long l -> l != 0;
      case Double d -> d != 0;
      case String s -> !s.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      case List<?> l -> !l.isEmpty();
      default -> true;
    };
  }

  private enum Kind {
    BOOL,
    INT,
    FLOAT,
    STRING,
    OTHER,
    NIL
  }

  private static Kind kind(Object v) {
    return switch (v) {
      case null -> Kind.NIL;
      case Boolean b -> Kind.BOOL;
      case Long l -> Kind.INT;
      case Double d -> Kind.FLOAT;
      case String s -> Kind.STRING;
      default -> Kind.OTHER;
    };
  }

  /** Go's {@code eq arg1 arg2}: basic kinds must match (an int is never equal to a float). */
  static boolean equal(Object a, Object b) throws FunctionError {
    Kind ka = kind(a);
    Kind kb = kind(b);
    if (ka != kb) {
      if (ka != Kind.NIL && kb != Kind.NIL) {
        throw new FunctionError("incompatible types for comparison");
      }
      return false;
    }
    if (ka == Kind.OTHER && (a instanceof Map || a instanceof List)) {
      throw new FunctionError("non-comparable type " + GoFormat.value(a) + ": " + typeName(a));
    }
    if (ka == Kind.FLOAT) {
      return ((Double) a).doubleValue() == (Double) b;
    }
    return ka == Kind.NIL || a.equals(b);
  }

  /** Go's {@code lt arg1 arg2}. */
  static boolean less(Object a, Object b) throws FunctionError {
    Kind ka = kind(a);
    Kind kb = kind(b);
    if (ka == Kind.BOOL || ka == Kind.OTHER || ka == Kind.NIL) {
      throw new FunctionError("invalid type for comparison");
    }
    if (kb == Kind.BOOL || kb == Kind.OTHER || kb == Kind.NIL) {
      throw new FunctionError("invalid type for comparison");
    }
    if (ka != kb) {
      throw new FunctionError("incompatible types for comparison");
    }
    return switch (ka) {
      case INT -> (Long) a < (Long) b;
      case FLOAT -> (Double) a < (Double) b;
      default -> ((String) a).compareTo((String) b) < 0;
    };
  }

  /** An error of a function call, reported by the caller as {@code error calling NAME: ...}. */
  static final class FunctionError extends Exception {
    private static final long serialVersionUID = 1L;

    FunctionError(String message) {
      super(message, null, false, false);
    }
  }
}
