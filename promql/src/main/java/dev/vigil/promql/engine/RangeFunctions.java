package dev.vigil.promql.engine;

import java.util.Arrays;
import java.util.Map;

/**
 * The functions over a range vector, each a computation over one series' {@link Window}. A function
 * produces no sample when the window holds fewer than {@link Def#minSamples} samples.
 */
final class RangeFunctions {
  private RangeFunctions() {}

  /** One range function. */
  interface Body {
    double apply(Window w);

    /**
     * Called before a series' first window: a body that carries work from one window to the next
     * must not carry it into another series, whose arrays may be the same (a reused buffer).
     */
    default void reset() {}
  }

  /**
   * @param minSamples fewest samples for a result
   * @param keepName last_over_time and first_over_time act like offset and keep the metric name
   * @param body the computation
   */
  record Def(int minSamples, boolean keepName, Body body) {}

  private static final Map<String, Def> DEFS =
      Map.ofEntries(
          Map.entry("rate", new Def(2, false, w -> extrapolatedRate(w, true, true))),
          Map.entry("increase", new Def(2, false, w -> extrapolatedRate(w, true, false))),
          Map.entry("delta", new Def(2, false, w -> extrapolatedRate(w, false, false))),
          Map.entry("irate", new Def(2, false, w -> instantValue(w, true))),
          Map.entry("idelta", new Def(2, false, w -> instantValue(w, false))),
          Map.entry("deriv", new Def(2, false, RangeFunctions::deriv)),
          Map.entry("predict_linear", new Def(2, false, RangeFunctions::predictLinear)),
          Map.entry("avg_over_time", new Def(1, false, RangeFunctions::avg)),
          Map.entry("sum_over_time", new Def(1, false, RangeFunctions::sum)),
          Map.entry("count_over_time", new Def(1, false, Window::count)),
          Map.entry("min_over_time", new Def(1, false, w -> extreme(w, false, false))),
          Map.entry("max_over_time", new Def(1, false, w -> extreme(w, true, false))),
          Map.entry("ts_of_min_over_time", new Def(1, false, w -> extreme(w, false, true))),
          Map.entry("ts_of_max_over_time", new Def(1, false, w -> extreme(w, true, true))),
          Map.entry("last_over_time", new Def(1, true, w -> w.v[w.to - 1])),
          Map.entry("first_over_time", new Def(1, true, w -> w.v[w.from])),
          Map.entry("ts_of_last_over_time", new Def(1, false, w -> w.t[w.to - 1] / 1000.0)),
          Map.entry("ts_of_first_over_time", new Def(1, false, w -> w.t[w.from] / 1000.0)),
          Map.entry("present_over_time", new Def(1, false, w -> 1)),
          Map.entry("stddev_over_time", new Def(1, false, w -> Math.sqrt(variance(w)))),
          Map.entry("stdvar_over_time", new Def(1, false, RangeFunctions::variance)),
          Map.entry("quantile_over_time", new Def(1, false, RangeFunctions::quantile)),
          Map.entry("mad_over_time", new Def(1, false, RangeFunctions::mad)),
          Map.entry("changes", new Def(1, false, RangeFunctions::changes)),
          Map.entry("resets", new Def(1, false, RangeFunctions::resets)),
          Map.entry(
              "double_exponential_smoothing",
              new Def(2, false, RangeFunctions::doubleExponentialSmoothing)));

  static Def lookup(String name) {
    return DEFS.get(name);
  }

  /**
   * The body to run over one call's windows, which slide forward step by step: a stateful one for
   * the functions that can reuse the previous window's work, else {@code def}'s.
   */
  static Body bodyFor(String name, Def def) {
    return switch (name) {
      case "rate" -> new SlidingCounterRate(true);
      case "increase" -> new SlidingCounterRate(false);
      case "max_over_time" -> new SlidingExtreme(true, false);
      case "min_over_time" -> new SlidingExtreme(false, false);
      case "ts_of_max_over_time" -> new SlidingExtreme(true, true);
      case "ts_of_min_over_time" -> new SlidingExtreme(false, true);
      default -> def.body();
    };
  }

  /**
   * rate, increase and delta: the change over the window, extrapolated towards the window's edges
   * when the first and last samples are close enough to them (within 110% of the average sample
   * interval), and never below zero for counters.
   */
  static double extrapolatedRate(Window w, boolean isCounter, boolean isRate) {
    long[] t = w.t;
    double[] v = w.v;
    int first = w.from;
    int last = w.to - 1;
    double result = v[last] - v[first];
    if (isCounter) {
      for (int i = first + 1; i <= last; i++) {
        if (v[i] < v[i - 1]) {
          result += v[i - 1];
        }
      }
    }
    return extrapolate(
        t[first],
        v[first],
        t[last],
        last - first,
        result,
        w.rangeStart,
        w.rangeEnd,
        isCounter,
        isRate);
  }

  /**
   * The extrapolation of {@link #extrapolatedRate}: {@code result} is the change between the first
   * and the last of {@code intervals + 1} samples in the window {@code (rangeStart, rangeEnd]}.
   */
  static double extrapolate(
      long firstT,
      double firstV,
      long lastT,
      int intervals,
      double result,
      long rangeStart,
      long rangeEnd,
      boolean isCounter,
      boolean isRate) {
    double durationToStart = (firstT - rangeStart) / 1000.0;
    double durationToEnd = (rangeEnd - lastT) / 1000.0;
    double sampledInterval = (lastT - firstT) / 1000.0;
    double averageDurationBetweenSamples = sampledInterval / intervals;
    double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
    if (durationToStart >= extrapolationThreshold) {
      durationToStart = averageDurationBetweenSamples / 2;
    }
    if (isCounter) {
      double durationToZero = durationToStart;
      if (result > 0 && firstV >= 0) {
        durationToZero = sampledInterval * (firstV / result);
      }
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    if (durationToEnd >= extrapolationThreshold) {
      durationToEnd = averageDurationBetweenSamples / 2;
    }
    double factor = 1.0;
    if (sampledInterval != 0) {
      factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
    }
    if (isRate) {
      factor /= (rangeEnd - rangeStart) / 1000.0;
    }
    return result * factor;
  }

  /** A range function computed from a window's {@link WindowFacts}. */
  interface FactsBody {
    double apply(WindowFacts f, long rangeStart, long rangeEnd);
  }

  /**
   * The functions that need only a window's facts, not its samples: over a long window they read
   * the store's run summaries instead of every sample.
   */
  private static final Map<String, FactsBody> FACTS =
      Map.ofEntries(
          Map.entry("rate", (f, s, e) -> factsRate(f, s, e, true, true)),
          Map.entry("increase", (f, s, e) -> factsRate(f, s, e, true, false)),
          Map.entry("delta", (f, s, e) -> factsRate(f, s, e, false, false)),
          Map.entry("count_over_time", (f, s, e) -> f.count),
          Map.entry("sum_over_time", (f, s, e) -> f.sum()),
          Map.entry("min_over_time", (f, s, e) -> f.min()),
          Map.entry("max_over_time", (f, s, e) -> f.max()),
          Map.entry("last_over_time", (f, s, e) -> f.lastV),
          Map.entry("first_over_time", (f, s, e) -> f.firstV),
          Map.entry("ts_of_last_over_time", (f, s, e) -> f.lastT / 1000.0),
          Map.entry("ts_of_first_over_time", (f, s, e) -> f.firstT / 1000.0),
          Map.entry("present_over_time", (f, s, e) -> 1));

  /**
   * The facts functions that read only a window's count, first and last samples and counter resets
   * ({@link WindowFacts#addCounters}), not its sum, minimum or maximum.
   */
  private static final java.util.Set<String> COUNTER_FACTS =
      java.util.Set.of(
          "rate",
          "increase",
          "delta",
          "count_over_time",
          "last_over_time",
          "first_over_time",
          "ts_of_last_over_time",
          "ts_of_first_over_time",
          "present_over_time");

  /** Whether {@code name}'s facts form needs no more than {@link WindowFacts#addCounters} keeps. */
  static boolean countersSuffice(String name) {
    return COUNTER_FACTS.contains(name);
  }

  /** The facts form of {@code name}, or null when it needs the samples. */
  static FactsBody factsBody(String name) {
    return FACTS.get(name);
  }

  private static double factsRate(
      WindowFacts f, long rangeStart, long rangeEnd, boolean isCounter, boolean isRate) {
    double result = isCounter ? f.counterIncrease() : f.lastV - f.firstV;
    return extrapolate(
        f.firstT, f.firstV, f.lastT, f.count - 1, result, rangeStart, rangeEnd, isCounter, isRate);
  }

  /** irate and idelta: from the last two samples only. */
  static double instantValue(Window w, boolean isRate) {
    int last = w.to - 1;
    double prev = w.v[last - 1];
    double cur = w.v[last];
    double result = cur;
    if (!isRate || !(cur < prev)) {
      result = cur - prev;
    }
    if (isRate) {
      result /= (w.t[last] - w.t[last - 1]) / 1000.0;
    }
    return result;
  }

  /** Least-squares slope and intercept at {@code interceptTime}, with Kahan sums. */
  static double[] linearRegression(Window w, long interceptTime) {
    double n = 0;
    double sumX = 0;
    double sumY = 0;
    double sumXY = 0;
    double sumX2 = 0;
    double[] cX = new double[1];
    double[] cY = new double[1];
    double[] cXY = new double[1];
    double[] cX2 = new double[1];
    double initY = w.v[w.from];
    boolean constY = true;
    for (int i = w.from; i < w.to; i++) {
      double y = w.v[i];
      if (constY && i > w.from && y != initY) {
        constY = false;
      }
      n += 1;
      double x = (w.t[i] - interceptTime) / 1e3;
      sumX = Kahan.inc(x, sumX, cX);
      sumY = Kahan.inc(y, sumY, cY);
      sumXY = Kahan.inc(x * y, sumXY, cXY);
      sumX2 = Kahan.inc(x * x, sumX2, cX2);
    }
    if (constY) {
      if (Double.isInfinite(initY)) {
        return new double[] {Double.NaN, Double.NaN};
      }
      return new double[] {0, initY};
    }
    sumX += cX[0];
    sumY += cY[0];
    sumXY += cXY[0];
    sumX2 += cX2[0];
    double covXY = sumXY - sumX * sumY / n;
    double varX = sumX2 - sumX * sumX / n;
    double slope = covXY / varX;
    double intercept = sumY / n - slope * sumX / n;
    return new double[] {slope, intercept};
  }

  private static double deriv(Window w) {
    return linearRegression(w, w.t[w.from])[0];
  }

  private static double predictLinear(Window w) {
    double[] r = linearRegression(w, w.evalTime);
    return r[0] * w.args[0] + r[1];
  }

  private static double avg(Window w) {
    double sum = w.v[w.from];
    double count = 1;
    double mean = 0;
    double[] c = new double[1];
    boolean incremental = false;
    for (int i = w.from + 1; i < w.to; i++) {
      double f = w.v[i];
      count = i - w.from + 1;
      if (!incremental) {
        double[] c2 = {c[0]};
        double newSum = Kahan.inc(f, sum, c2);
        if (!Double.isInfinite(newSum)) {
          sum = newSum;
          c[0] = c2[0];
          continue;
        }
        incremental = true;
        mean = sum / (count - 1);
        c[0] /= count - 1;
      }
      double q = (count - 1) / count;
      c[0] = q * c[0];
      mean = Kahan.inc(f / count, q * mean, c);
    }
    if (incremental) {
      return mean + c[0];
    }
    return sum / count + c[0] / count;
  }

  private static double sum(Window w) {
    double sum = 0;
    double[] c = new double[1];
    for (int i = w.from; i < w.to; i++) {
      sum = Kahan.inc(w.v[i], sum, c);
    }
    return Double.isInfinite(sum) ? sum : sum + c[0];
  }

  static double extreme(Window w, boolean max, boolean timestamp) {
    double best = w.v[w.from];
    long bestT = w.t[w.from];
    for (int i = w.from; i < w.to; i++) {
      double f = w.v[i];
      boolean better = max ? f > best : f < best;
      if (better || Double.isNaN(best)) {
        best = f;
        bestT = w.t[i];
      }
    }
    return timestamp ? bestT / 1000.0 : best;
  }

  static double variance(Window w) {
    double count = 0;
    double mean = 0;
    double aux = 0;
    double[] cMean = new double[1];
    double[] cAux = new double[1];
    for (int i = w.from; i < w.to; i++) {
      double f = w.v[i];
      count++;
      double delta = f - (mean + cMean[0]);
      mean = Kahan.inc(delta / count, mean, cMean);
      aux = Kahan.inc(delta * (f - (mean + cMean[0])), aux, cAux);
    }
    return (aux + cAux[0]) / count;
  }

  private static double quantile(Window w) {
    return Quantiles.quantile(w.args[0], Arrays.copyOfRange(w.v, w.from, w.to));
  }

  private static double mad(Window w) {
    double[] values = Arrays.copyOfRange(w.v, w.from, w.to);
    for (double f : values) {
      if (Double.isNaN(f)) {
        return Double.NaN;
      }
    }
    double median = Quantiles.quantile(0.5, values);
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.abs(values[i] - median);
    }
    return Quantiles.quantile(0.5, values);
  }

  private static double changes(Window w) {
    int changes = 0;
    for (int i = w.from + 1; i < w.to; i++) {
      double prev = w.v[i - 1];
      double cur = w.v[i];
      if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
        changes++;
      }
    }
    return changes;
  }

  private static double resets(Window w) {
    int resets = 0;
    for (int i = w.from + 1; i < w.to; i++) {
      if (w.v[i] < w.v[i - 1]) {
        resets++;
      }
    }
    return resets;
  }

  /** Holt's linear trend smoothing; factors were checked to lie in (0, 1) by the caller. */
  private static double doubleExponentialSmoothing(Window w) {
    double sf = w.args[0];
    double tf = w.args[1];
    double s0 = 0;
    double s1 = w.v[w.from];
    double b = w.v[w.from + 1] - w.v[w.from];
    for (int i = 1; i < w.count(); i++) {
      double x = sf * w.v[w.from + i];
      b = i - 1 == 0 ? b : tf * (s1 - s0) + (1 - tf) * b;
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    return s1;
  }
}
