package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.InMemorySeriesStore;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.StaleMarker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A range function over a matrix selector streams the selector's series through one reused buffer
 * ({@link MatrixStream}); its range query must give, bit for bit, what folding each window of each
 * series on its own arrays gives (the materialised evaluation, with the window-by-window bodies the
 * sliding ones are tested equal to). Random counters and gauges with resets, gaps, NaN, infinities,
 * staleness markers (some series nothing but), jittered timestamps, series that start late or stop
 * early, one dense enough to make the stream replace its buffer; windows with offsets and
 * {@code @}. The sample limit must be what it was before streaming: every raw sample loaded plus
 * the output, to the sample.
 */
class StreamedRangeFunctionTest {
  private static final Tenant TENANT = Tenant.DEFAULT;
  private static final long STEP = 15_000;
  private static final int SAMPLES = 1_000;

  /** name(args)[range] with the matrix argument written as %s. */
  private static final List<String> CALLS =
      List.of(
          "rate(%s)",
          "increase(%s)",
          "delta(%s)",
          "irate(%s)",
          "idelta(%s)",
          "deriv(%s)",
          "predict_linear(%s, 600)",
          "avg_over_time(%s)",
          "sum_over_time(%s)",
          "count_over_time(%s)",
          "min_over_time(%s)",
          "max_over_time(%s)",
          "last_over_time(%s)",
          "first_over_time(%s)",
          "stddev_over_time(%s)",
          "stdvar_over_time(%s)",
          "quantile_over_time(0.3, %s)",
          "changes(%s)",
          "resets(%s)",
          "present_over_time(%s)");

  private static final List<String> MATRICES =
      List.of(
          "x_total[1m]", "x_total[5m]", "x_total[1h]", "x_total[5m] offset 7m", "(x_total[2m])");

  private record Raw(Labels labels, long[] ts, double[] vs) {}

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void streamedEqualsEachWindowFoldedOnItsOwn(long seed) throws IOException {
    Random random = new Random(seed);
    InMemorySeriesStore store = new InMemorySeriesStore();
    List<Raw> raw = load(store, random);
    Engine engine = new Engine(store, EngineOptions.DEFAULTS);
    long start = 600_000 + random.nextInt(60_000);
    long end = STEP * SAMPLES + 300_000;
    long step = 30_000 + random.nextInt(60_000);
    int compared = 0;
    for (String call : CALLS) {
      for (String matrix : MATRICES) {
        compared += compare(engine, raw, String.format(call, matrix), start, end, step);
      }
    }
    // @ pins every step's window to one time, so the bodies see the same window again and again.
    compared += compare(engine, raw, "rate(x_total[10m] @ 6000)", start, end, step);
    compared += compare(engine, raw, "max_over_time(x_total[10m] @ 6000)", start, end, step);
    assertThat(compared).isGreaterThan(100_000);
  }

  @ParameterizedTest
  @ValueSource(longs = {4, 5})
  void theSampleLimitCountsEveryRawSampleLoadedAndTheOutput(long seed) throws IOException {
    Random random = new Random(seed);
    InMemorySeriesStore store = new InMemorySeriesStore();
    List<Raw> raw = load(store, random);
    long start = 900_000;
    long end = STEP * SAMPLES;
    long step = 60_000;
    long range = 300_000;
    long loaded = 0;
    for (Raw r : raw) {
      for (int i = 0; i < r.ts.length; i++) {
        if (r.ts[i] > start - range && r.ts[i] <= end && !StaleMarker.isStale(r.vs[i])) {
          loaded++;
        }
      }
    }
    String query = "rate(x_total[5m])";
    QueryResult r =
        new Engine(store, EngineOptions.DEFAULTS).rangeQuery(TENANT, query, start, end, step);
    long output = 0;
    for (RangeSeries s : ((Value.Matrix) r.value()).series()) {
      output += s.size();
    }
    long peak = loaded + output;
    assertThat(loaded).isGreaterThan(10_000);
    Engine atPeak = new Engine(store, EngineOptions.DEFAULTS.withMaxSamples(peak));
    assertThat(atPeak.rangeQuery(TENANT, query, start, end, step).value()).isEqualTo(r.value());
    Engine belowPeak = new Engine(store, EngineOptions.DEFAULTS.withMaxSamples(peak - 1));
    assertThatThrownBy(() -> belowPeak.rangeQuery(TENANT, query, start, end, step))
        .isInstanceOf(QueryLimitException.class);
  }

  private static List<Raw> load(InMemorySeriesStore store, Random random) throws IOException {
    SeriesAppender a = store.appender();
    List<Raw> out = new ArrayList<>();
    for (int series = 0; series < 40; series++) {
      Labels labels =
          Labels.of(
              "__name__", "x_total", "job", "j" + (series % 3), "i", String.format("%02d", series));
      long[] ts;
      double[] vs;
      if (series == 17) {
        // Dense: more samples than the stream keeps a buffer for, then back to the usual series.
        int n = 70_000;
        ts = new long[n];
        vs = new double[n];
        for (int i = 0; i < n; i++) {
          ts[i] = 1_000_000 + i * 200L;
          vs[i] = i % 5_000 == 4_999 ? 1 : i;
        }
      } else {
        int from = series % 4 == 1 ? random.nextInt(SAMPLES) : 0;
        int to = series % 4 == 2 ? from + random.nextInt(SAMPLES - from) : SAMPLES;
        boolean allStale = series == 23;
        ts = new long[to - from];
        vs = new double[to - from];
        int n = 0;
        double v = random.nextDouble() * 100;
        for (int i = from; i < to; i++) {
          double r = random.nextDouble();
          if (r < 0.05 || (r < 0.3 && series % 7 == 3)) {
            continue; // a gap, long ones in some series
          }
          v = r < 0.08 ? r * 5 : v + random.nextDouble() * 10; // counter resets now and then
          double sample =
              allStale || r > 0.99
                  ? StaleMarker.STALE_NAN
                  : r > 0.985
                      ? Double.NaN
                      : r > 0.983 ? Double.POSITIVE_INFINITY : r > 0.981 ? -0.0 : v;
          ts[n] = STEP * i + random.nextInt(3_000);
          vs[n++] = sample;
        }
        ts = Arrays.copyOf(ts, n);
        vs = Arrays.copyOf(vs, n);
      }
      for (int i = 0; i < ts.length; i++) {
        a.append(TENANT, labels, ts[i], vs[i]);
      }
      out.add(new Raw(labels, ts, vs));
    }
    a.commit();
    return out;
  }

  /** Compares the engine's range query with the reference; returns how many points it compared. */
  private static int compare(
      Engine engine, List<Raw> raw, String query, long start, long end, long step) {
    QueryResult got = engine.rangeQuery(TENANT, query, start, end, step);
    Map<Labels, RangeSeries> byLabels = new HashMap<>();
    for (RangeSeries s : ((Value.Matrix) got.value()).series()) {
      byLabels.put(s.labels(), s);
    }
    Map<Labels, double[][]> want = reference(raw, query, start, end, step);
    assertThat(byLabels.keySet()).as(query).isEqualTo(want.keySet());
    int compared = 0;
    for (Map.Entry<Labels, double[][]> e : want.entrySet()) {
      RangeSeries s = byLabels.get(e.getKey());
      double[] times = e.getValue()[0];
      double[] values = e.getValue()[1];
      assertThat(s.size()).as("%s %s", query, e.getKey()).isEqualTo(times.length);
      for (int i = 0; i < times.length; i++) {
        assertThat(s.timestamp(i)).as("%s %s", query, e.getKey()).isEqualTo((long) times[i]);
        assertThat(bits(s.value(i)))
            .as("%s %s at %d: %s vs %s", query, e.getKey(), s.timestamp(i), s.value(i), values[i])
            .isEqualTo(bits(values[i]));
        compared++;
      }
    }
    return compared;
  }

  /**
   * The materialised evaluation: per series, the samples without staleness markers in arrays of
   * their own, each step's window folded by the plain body with nothing carried between windows.
   */
  private static Map<Labels, double[][]> reference(
      List<Raw> raw, String query, long start, long end, long step) {
    String name = query.substring(0, query.indexOf('('));
    RangeFunctions.Def def = RangeFunctions.lookup(name);
    double arg = Double.NaN;
    if (name.equals("predict_linear")) {
      arg = 600;
    } else if (name.equals("quantile_over_time")) {
      arg = 0.3;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\[(\\d+)([mh])\\]( offset (\\d+)m)?( @ (\\d+))?")
            .matcher(query);
    assertThat(m.find()).as(query).isTrue();
    long range = Long.parseLong(m.group(1)) * (m.group(2).equals("h") ? 3_600_000 : 60_000);
    long offset = m.group(4) == null ? 0 : Long.parseLong(m.group(4)) * 60_000;
    Long at = m.group(6) == null ? null : Long.parseLong(m.group(6)) * 1_000;
    Map<Labels, double[][]> out = new HashMap<>();
    for (Raw r : raw) {
      Window w = new Window();
      w.t = new long[r.ts.length];
      w.v = new double[r.ts.length];
      int n = 0;
      for (int i = 0; i < r.ts.length; i++) {
        if (!StaleMarker.isStale(r.vs[i])) {
          w.t[n] = r.ts[i];
          w.v[n++] = r.vs[i];
        }
      }
      w.args = new double[] {arg};
      List<double[]> points = new ArrayList<>();
      for (long t = start; t <= end; t += step) {
        long windowEnd = (at != null ? at : t) - offset;
        long windowStart = windowEnd - range;
        int from = firstAfter(w.t, n, windowStart);
        int to = firstAfter(w.t, n, windowEnd);
        if (to - from < Math.max(1, def.minSamples())) {
          continue;
        }
        w.from = from;
        w.to = to;
        w.rangeStart = windowStart;
        w.rangeEnd = windowEnd;
        w.evalTime = t;
        points.add(new double[] {t, def.body().apply(w)});
      }
      if (!points.isEmpty()) {
        Labels labels =
            def.keepName() ? r.labels : r.labels.toBuilder().remove(Labels.METRIC_NAME).build();
        double[][] cols = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++) {
          cols[0][i] = points.get(i)[0];
          cols[1][i] = points.get(i)[1];
        }
        out.put(labels, cols);
      }
    }
    return out;
  }

  /** The index of the first of {@code t[0, n)} (ascending) after {@code time}. */
  private static int firstAfter(long[] t, int n, long time) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (t[mid] <= time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The bits of {@code v}, any NaN as one: the same arithmetic on the same infinities gave the
   * hardware's NaN (sign bit set) in one run and Java's canonical NaN in another (interpreted and
   * compiled code differ), so a NaN's payload says nothing about the evaluation path under test.
   */
  private static long bits(double v) {
    return Double.doubleToLongBits(v);
  }
}
