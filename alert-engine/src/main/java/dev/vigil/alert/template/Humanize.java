package dev.vigil.alert.template;

import dev.vigil.promql.ast.GoQuote;
import java.time.Instant;

/** Prometheus' {@code humanize*} family and the number conversion they share. */
final class Humanize {
  private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
  private static final String[] BINARY = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};
  private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};

  private Humanize() {}

  /** Four significant digits, as Go's {@code %.4g}. */
  private static String g4(double v) {
    return sign(v) + GoFormat.formatG(Math.abs(v), 4, false);
  }

  private static String sign(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "+" : "-";
    }
    return Double.doubleToRawLongBits(v) < 0 && !Double.isNaN(v) ? "-" : "";
  }

  static String number(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    String prefix = "";
    if (Math.abs(v) >= 1) {
      for (String p : BIG) {
        if (Math.abs(v) < 1000) {
          break;
        }
        prefix = p;
        v /= 1000;
      }
      return g4(v) + prefix;
    }
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g4(v) + prefix;
  }

  static String binary(double v) {
    if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    String prefix = "";
    for (String p : BINARY) {
      if (Math.abs(v) < 1024) {
        break;
      }
      prefix = p;
      v /= 1024;
    }
    return g4(v) + prefix;
  }

  static String duration(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    if (v == 0) {
      return "0s";
    }
    if (Math.abs(v) >= 1) {
      String sign = v < 0 ? "-" : "";
      v = Math.abs(v);
      long whole = (long) v;
      long seconds = whole % 60;
      long minutes = whole / 60 % 60;
      long hours = whole / 3600 % 24;
      long days = whole / 86400;
      if (days != 0) {
        return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (hours != 0) {
        return sign + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (minutes != 0) {
        return sign + minutes + "m " + seconds + "s";
      }
      return sign + g4(v) + "s";
    }
    String prefix = "";
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g4(v) + prefix + "s";
  }

  static String percentage(double v) {
    return g4(v * 100) + "%";
  }

  /** Seconds since the epoch as Go's {@code time.Time} in UTC, at Prometheus' millisecond grain. */
  static GoValues.Time time(double v) throws GoValues.FunctionError {
    double nanos = v * 1e9;
    if (nanos > Long.MAX_VALUE || nanos < Long.MIN_VALUE) {
      throw new GoValues.FunctionError(
          GoFormat.value(v)
              + " cannot be represented as a nanoseconds timestamp since it overflows int64");
    }
    return new GoValues.Time(Instant.ofEpochMilli((long) nanos / 1_000_000));
  }

  static Object timestamp(double v) throws GoValues.FunctionError {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    return time(v).toString();
  }

  /** Prometheus' {@code convertToFloat}: numbers, and strings as Go's {@code ParseFloat} reads. */
  static double toFloat(Object v) throws GoValues.FunctionError {
    return switch (v) {
      case Double d -> d;
      case Long l -> l;
      case GoValues.Duration d -> d.nanos() / 1e9;
      case String s -> parseFloat(s);
      default ->
          throw new GoValues.FunctionError("can't convert " + GoValues.typeName(v) + " to float");
    };
  }

  static double parseFloat(String s) throws GoValues.FunctionError {
    String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    String lower = t.toLowerCase(java.util.Locale.ROOT);
    double sign = s.startsWith("-") ? -1 : 1;
    if (lower.equals("inf") || lower.equals("infinity")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    boolean ok =
        !t.isEmpty()
            && !lower.matches(".*[dfl]$")
            && !lower.contains("infinity")
            && !lower.contains("nan");
    if (ok) {
      try {
        return sign * Double.parseDouble(t.replace("_", ""));
      } catch (NumberFormatException e) {
        // reported below with Go's wording
      }
    }
    throw new GoValues.FunctionError(
        "strconv.ParseFloat: parsing " + GoQuote.quote(s) + ": invalid syntax");
  }
}
