package dev.vigil.promql.promqltest;

import dev.vigil.model.series.Labels;
import dev.vigil.model.series.StaleMarker;
import dev.vigil.promql.engine.RangeSeries;
import dev.vigil.promql.engine.Sample;
import dev.vigil.promql.engine.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a query's value with an eval's expected result the way Prometheus' test runner does:
 * series are matched by labels (in order only when the eval expects order), floats compared with a
 * relative tolerance of 1e-6, NaN equal to NaN, a stale marker equal only to a stale marker, and
 * {@code _} meaning "no point at this step". Returns the first difference, or null.
 */
final class ResultCheck {
  static final double EPSILON = 0.000001;

  private ResultCheck() {}

  /**
   * @param start the time of the first expected value
   * @param end the time after which no value may be expected
   * @param step the spacing of expected values of a series
   */
  static String compare(
      ExpectedResult expected, boolean ordered, Value actual, long start, long end, long step) {
    return switch (actual) {
      case Value.Matrix m -> compareMatrix(expected, ordered, m, start, end, step);
      case Value.Vector v -> compareVector(expected, ordered, v);
      case Value.Scalar s -> {
        if (!(expected instanceof ExpectedResult.Scalar e)) {
          yield "expected vector or matrix result, but got scalar " + s.value();
        }
        yield almostEqual(e.value(), s.value())
            ? null
            : "expected scalar " + e.value() + " but got " + s.value();
      }
      case Value.StringValue s -> {
        if (!(expected instanceof ExpectedResult.StringValue e)) {
          yield "expected a non-string result, but got string \"" + s.value() + "\"";
        }
        yield e.value().equals(s.value())
            ? null
            : "expected string \"" + e.value() + "\" but got \"" + s.value() + "\"";
      }
    };
  }

  private static String compareMatrix(
      ExpectedResult expected, boolean ordered, Value.Matrix m, long start, long end, long step) {
    if (ordered) {
      return "expected ordered result, but query returned a matrix";
    }
    if (!(expected instanceof ExpectedResult.Series e)) {
      return "expected " + describe(expected) + " result, but got matrix";
    }
    for (int i = 0; i + 1 < m.series().size(); i++) {
      if (m.series().get(i).labels().compareTo(m.series().get(i + 1).labels()) > 0) {
        return "matrix results should always be sorted by labels";
      }
    }
    Map<Labels, SeriesLine> byLabels = index(e);
    Set<Labels> seen = new HashSet<>();
    for (RangeSeries s : m.series()) {
      SeriesLine line = byLabels.get(s.labels());
      if (line == null) {
        return "unexpected metric " + s.labels() + " in result, has " + points(s);
      }
      seen.add(s.labels());
      List<long[]> times = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < line.values().size(); i++) {
        long t = start + i * step;
        if (t > end) {
          return "expected "
              + line.values().size()
              + " points for "
              + s.labels()
              + ", but query time range cannot return this many points";
        }
        SampleValue v = line.values().get(i);
        if (v instanceof SampleValue.Number n) {
          times.add(new long[] {t});
          values.add(n.value());
        } else if (v instanceof SampleValue.Stale) {
          times.add(new long[] {t});
          values.add(StaleMarker.STALE_NAN);
        }
      }
      if (times.size() != s.size()) {
        return "expected "
            + times.size()
            + " float points for "
            + s.labels()
            + ", but got "
            + points(s);
      }
      for (int i = 0; i < s.size(); i++) {
        if (times.get(i)[0] != s.timestamp(i)) {
          return "expected float value at index "
              + i
              + " for "
              + s.labels()
              + " to have timestamp "
              + times.get(i)[0]
              + ", but it had timestamp "
              + s.timestamp(i)
              + " (result has "
              + points(s)
              + ")";
        }
        if (!almostEqual(values.get(i), s.value(i))) {
          return "expected float value at index "
              + i
              + " (t="
              + s.timestamp(i)
              + ") for "
              + s.labels()
              + " to be "
              + values.get(i)
              + ", but got "
              + s.value(i)
              + " (result has "
              + points(s)
              + ")";
        }
      }
    }
    for (Labels l : byLabels.keySet()) {
      if (!seen.contains(l)) {
        return "expected metric " + l + " not found";
      }
    }
    return null;
  }

  private static String compareVector(ExpectedResult expected, boolean ordered, Value.Vector v) {
    if (!(expected instanceof ExpectedResult.Series e)) {
      return "expected " + describe(expected) + " result, but got vector " + v.samples();
    }
    Map<Labels, SeriesLine> byLabels = index(e);
    Map<Labels, Integer> position = new HashMap<>();
    for (int i = 0; i < e.series().size(); i++) {
      position.put(labels(e.series().get(i)), i + 1);
    }
    Set<Labels> seen = new HashSet<>();
    for (int pos = 0; pos < v.samples().size(); pos++) {
      Sample s = v.samples().get(pos);
      SeriesLine line = byLabels.get(s.labels());
      if (line == null) {
        return "unexpected metric " + s.labels() + " in result, has value " + s.value();
      }
      if (ordered && position.get(s.labels()) != pos + 1) {
        return "expected metric "
            + s.labels()
            + " at position "
            + position.get(s.labels())
            + " but was at "
            + (pos + 1);
      }
      SampleValue first = line.values().isEmpty() ? null : line.values().get(0);
      double want =
          first instanceof SampleValue.Number n
              ? n.value()
              : first instanceof SampleValue.Stale ? StaleMarker.STALE_NAN : Double.NaN;
      if (!almostEqual(want, s.value())) {
        return "expected " + want + " for " + s.labels() + " but got " + s.value();
      }
      seen.add(s.labels());
    }
    for (Labels l : byLabels.keySet()) {
      if (!seen.contains(l)) {
        return "expected metric " + l + " not found";
      }
    }
    return null;
  }

  private static String describe(ExpectedResult e) {
    return switch (e) {
      case ExpectedResult.Scalar s -> "scalar";
      case ExpectedResult.StringValue s -> "string";
      case ExpectedResult.Series s -> "series";
    };
  }

  private static Map<Labels, SeriesLine> index(ExpectedResult.Series e) {
    Map<Labels, SeriesLine> out = new HashMap<>();
    for (SeriesLine l : e.series()) {
      out.put(labels(l), l);
    }
    return out;
  }

  static Labels labels(SeriesLine line) {
    return Labels.of(line.labels());
  }

  private static String points(RangeSeries s) {
    StringBuilder sb = new StringBuilder();
    sb.append(s.size()).append(" float point").append(s.size() == 1 ? "" : "s").append(" [");
    for (int i = 0; i < s.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(s.value(i)).append(" @[").append(s.timestamp(i)).append(']');
    }
    return sb.append(']').toString();
  }

  /** Prometheus' {@code almost.Equal} with the test runner's epsilon. */
  static boolean almostEqual(double a, double b) {
    if (StaleMarker.isStale(a) || StaleMarker.isStale(b)) {
      return StaleMarker.isStale(a) && StaleMarker.isStale(b);
    }
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    if (a == b) {
      return true;
    }
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
      return diff < EPSILON * Double.MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < EPSILON;
  }

  static long millis(Duration d) {
    return d.toMillis();
  }
}
