package dev.vigil.promql.engine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/** Functions applied to each element of an instant vector on its own, like abs or hour. */
final class ElementFunctions {
  private ElementFunctions() {}

  private static final Map<String, DoubleUnaryOperator> MATH =
      Map.ofEntries(
          Map.entry("abs", Math::abs),
          Map.entry("ceil", Math::ceil),
          Map.entry("floor", Math::floor),
          Map.entry("exp", Math::exp),
          Map.entry("sqrt", Math::sqrt),
          Map.entry("ln", Math::log),
          Map.entry("log2", v -> Math.log(v) / Math.log(2)),
          Map.entry("log10", Math::log10),
          Map.entry("sin", Math::sin),
          Map.entry("cos", Math::cos),
          Map.entry("tan", Math::tan),
          Map.entry("asin", Math::asin),
          Map.entry("acos", Math::acos),
          Map.entry("atan", Math::atan),
          Map.entry("sinh", Math::sinh),
          Map.entry("cosh", Math::cosh),
          Map.entry("tanh", Math::tanh),
          Map.entry("asinh", ElementFunctions::asinh),
          Map.entry("acosh", ElementFunctions::acosh),
          Map.entry("atanh", ElementFunctions::atanh),
          Map.entry("rad", v -> v * Math.PI / 180),
          Map.entry("deg", v -> v * 180 / Math.PI),
          Map.entry("sgn", v -> v < 0 ? -1 : v > 0 ? 1 : v));

  private static final Map<String, DoubleUnaryOperator> DATE =
      Map.ofEntries(
          Map.entry("day_of_month", v -> date(v).getDayOfMonth()),
          Map.entry("day_of_week", v -> date(v).getDayOfWeek().getValue() % 7),
          Map.entry("day_of_year", v -> date(v).getDayOfYear()),
          Map.entry("days_in_month", v -> date(v).toLocalDate().lengthOfMonth()),
          Map.entry("hour", v -> date(v).getHour()),
          Map.entry("minute", v -> date(v).getMinute()),
          Map.entry("month", v -> date(v).getMonthValue()),
          Map.entry("year", v -> date(v).getYear()));

  static DoubleUnaryOperator math(String name) {
    return MATH.get(name);
  }

  static DoubleUnaryOperator date(String name) {
    return DATE.get(name);
  }

  /** Go's time.Unix(int64(v), 0).UTC(): seconds truncated toward zero. */
  private static ZonedDateTime date(double seconds) {
    long s = goInt64(seconds);
    return Instant.ofEpochSecond(s).atZone(ZoneOffset.UTC);
  }

  /** Go's float64 to int64 conversion on amd64: out of range and NaN give MinInt64. */
  static long goInt64(double v) {
    if (Double.isNaN(v) || v >= 9.223372036854775807E18 || v < -9.223372036854775808E18) {
      return Long.MIN_VALUE;
    }
    return (long) v;
  }

  private static double asinh(double x) {
    if (Double.isInfinite(x) || Double.isNaN(x) || x == 0) {
      return x;
    }
    double a = Math.abs(x);
    double r = Math.log(a + Math.sqrt(a * a + 1));
    if (a > 1e8) {
      r = Math.log(a) + Math.log(2);
    }
    return x < 0 ? -r : r;
  }

  private static double acosh(double x) {
    if (x < 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return 0;
    }
    if (x > 1e8) {
      return Math.log(x) + Math.log(2);
    }
    return Math.log(x + Math.sqrt(x * x - 1));
  }

  private static double atanh(double x) {
    if (x < -1 || x > 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    return 0.5 * Math.log1p(2 * x / (1 - x));
  }
}
