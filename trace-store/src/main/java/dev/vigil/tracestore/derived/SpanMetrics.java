package dev.vigil.tracestore.derived;

import dev.vigil.model.Batch;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.SpanId;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.ExemplarSample;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.trace.Span;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RED metrics from spans, in the shape Tempo's and the OpenTelemetry Collector's span-metrics
 * processors produce: {@code traces_spanmetrics_calls_total} and the histogram {@code
 * traces_spanmetrics_latency} (seconds) per service, span name, kind ({@code SPAN_KIND_SERVER}) and
 * status code ({@code STATUS_CODE_ERROR}). Counters are cumulative per series for the life of this
 * object; each {@link #record} writes the current value of every series the batch touched, stamped
 * with the clock, and commits.
 *
 * <p>Exemplars link the metrics back to traces, as the OpenTelemetry Collector's span-metrics
 * connector does: per batch, each latency bucket a span fell into gets the slowest such span as an
 * exemplar ({@code trace_id}, {@code span_id}, its duration in seconds), and each calls counter the
 * slowest span of its series (value 1, the increment it counted). So a latency panel's outliers and
 * an error-rate spike each lead to a trace.
 *
 * <p>A tenant has at most {@code maxSeriesPerTenant} label sets; spans of further ones are counted
 * in {@link #droppedSpans} instead, so a span name with an id in it cannot exhaust memory.
 * Thread-safe.
 */
public final class SpanMetrics {
  public static final String CALLS = "traces_spanmetrics_calls_total";
  public static final String LATENCY = "traces_spanmetrics_latency";

  /** Seconds; the doubling buckets of Tempo's default, from 2 ms to about 16 s. */
  public static final double[] DEFAULT_BUCKETS = {
    0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192,
    16.384
  };

  private final double[] buckets;
  private final String[] bucketLabels;
  private final int maxSeriesPerTenant;
  private final Clock clock;
  private final Map<Tenant, Map<Key, Series>> state = new HashMap<>();
  private long droppedSpans;

  public SpanMetrics(double[] bucketsSeconds, int maxSeriesPerTenant, Clock clock) {
    this.buckets = bucketsSeconds.clone();
    for (int i = 1; i < buckets.length; i++) {
      if (!(buckets[i] > buckets[i - 1])) {
        throw new IllegalArgumentException("buckets must increase strictly");
      }
    }
    this.bucketLabels = new String[buckets.length + 1];
    for (int i = 0; i < buckets.length; i++) {
      bucketLabels[i] = formatLe(buckets[i]);
    }
    bucketLabels[buckets.length] = "+Inf";
    this.maxSeriesPerTenant = maxSeriesPerTenant;
    this.clock = clock;
  }

  public SpanMetrics() {
    this(DEFAULT_BUCKETS, 10_000, Clock.systemUTC());
  }

  private record Key(String service, String spanName, String kind, String status) {}

  /** One label set's counters, and its series' labels, built once. */
  private final class Series {
    final Labels calls;
    final Labels[] bucketSeries = new Labels[buckets.length + 1];
    final Labels sumSeries;
    final Labels countSeries;
    final long[] bucketCounts = new long[buckets.length + 1];
    long count;
    double sum;

    /** This batch's slowest span per bucket, and its duration; reset at each snapshot. */
    final Span[] slowest = new Span[buckets.length + 1];

    final double[] slowestSeconds = new double[buckets.length + 1];

    Series(Key k) {
      Labels base =
          Labels.of(
              "service", k.service,
              "span_name", k.spanName,
              "span_kind", k.kind,
              "status_code", k.status);
      calls = with(base, CALLS, null);
      for (int i = 0; i < bucketSeries.length; i++) {
        bucketSeries[i] = with(base, LATENCY + "_bucket", bucketLabels[i]);
      }
      sumSeries = with(base, LATENCY + "_sum", null);
      countSeries = with(base, LATENCY + "_count", null);
    }

    void observe(Span span, double seconds) {
      count++;
      sum += seconds;
      int i = Arrays.binarySearch(buckets, seconds);
      int bucket = i >= 0 ? i : -i - 1; // le is inclusive: a value on a bound counts there
      bucketCounts[bucket]++;
      if (span.traceId() != null
          && span.traceId().isValid()
          && (slowest[bucket] == null || seconds > slowestSeconds[bucket])) {
        slowest[bucket] = span;
        slowestSeconds[bucket] = seconds;
      }
    }

    /** The values to write now; the batch's slowest spans start over. */
    Snapshot snapshot() {
      long[] cumulative = new long[bucketCounts.length];
      long c = 0;
      for (int i = 0; i < bucketCounts.length; i++) {
        c += bucketCounts[i];
        cumulative[i] = c;
      }
      Snapshot snap =
          new Snapshot(this, count, sum, cumulative, slowest.clone(), slowestSeconds.clone());
      Arrays.fill(slowest, null);
      return snap;
    }
  }

  /** A series' values at one instant, taken under the lock and written after it. */
  private record Snapshot(
      Series series,
      long count,
      double sum,
      long[] cumulative,
      Span[] slowest,
      double[] slowestSeconds) {}

  /**
   * Adds the batch's spans to the counters and writes the touched series to {@code appender}, then
   * commits it. Only the counting holds the lock: the values and their timestamp are taken under
   * it, so they rise together in time whatever order concurrent batches commit in, while the
   * appends and the WAL write run outside it, so batches do not queue behind each other's fsync.
   */
  public void record(Batch<Span> batch, SeriesAppender appender) throws IOException {
    List<Snapshot> touched;
    long now;
    synchronized (this) {
      now = clock.millis();
      touched = observe(batch);
    }
    try {
      for (Snapshot s : touched) {
        write(batch.tenant(), s, now, appender);
      }
      appender.commit();
    } catch (IOException | RuntimeException e) {
      appender.rollback();
      throw e;
    }
  }

  private List<Snapshot> observe(Batch<Span> batch) {
    Map<Key, Series> series = state.computeIfAbsent(batch.tenant(), t -> new HashMap<>());
    Set<Series> touched = new LinkedHashSet<>();
    for (ResourceGroup<Span> r : batch.resources()) {
      String service = r.resource().serviceName();
      for (ScopeGroup<Span> sg : r.scopes()) {
        for (Span s : sg.items()) {
          Key k =
              new Key(
                  service,
                  s.name(),
                  "SPAN_KIND_" + s.kind().name(),
                  "STATUS_CODE_" + s.status().code().name());
          Series ser = series.get(k);
          if (ser == null) {
            if (series.size() >= maxSeriesPerTenant) {
              droppedSpans++;
              continue;
            }
            ser = new Series(k);
            series.put(k, ser);
          }
          ser.observe(s, Math.max(0, s.durationNanos()) / 1e9);
          touched.add(ser);
        }
      }
    }
    List<Snapshot> out = new ArrayList<>(touched.size());
    for (Series ser : touched) {
      out.add(ser.snapshot());
    }
    return out;
  }

  private void write(Tenant tenant, Snapshot s, long now, SeriesAppender appender) {
    Series series = s.series();
    appender.append(tenant, series.calls, now, s.count());
    int slowestBucket = -1;
    for (int i = 0; i < s.cumulative().length; i++) {
      appender.append(tenant, series.bucketSeries[i], now, s.cumulative()[i]);
      if (s.slowest()[i] != null) {
        exemplar(
            appender, tenant, series.bucketSeries[i], s.slowest()[i], s.slowestSeconds()[i], now);
        slowestBucket = i;
      }
    }
    if (slowestBucket >= 0) {
      exemplar(appender, tenant, series.calls, s.slowest()[slowestBucket], 1, now);
    }
    appender.append(tenant, series.sumSeries, now, s.sum());
    appender.append(tenant, series.countSeries, now, s.count());
  }

  /**
   * An exemplar the tsdb refuses (one older than the series' newest, after the clock stepped back
   * or when two batches' writes cross) is counted there; the metrics themselves are written
   * regardless.
   */
  private static void exemplar(
      SeriesAppender appender, Tenant tenant, Labels series, Span span, double value, long now) {
    Labels labels =
        Labels.of("trace_id", span.traceId().toHex(), "span_id", SpanId.toHex(span.spanId()));
    try {
      appender.appendExemplar(tenant, series, new ExemplarSample(labels, value, now));
    } catch (IllegalArgumentException refusedAndCounted) {
      // see above
    }
  }

  private static Labels with(Labels base, String metric, String le) {
    Labels.Builder b = base.toBuilder().set(Labels.METRIC_NAME, metric);
    if (le != null) {
      b.set("le", le);
    }
    return b.build();
  }

  /** Spans not counted because their tenant reached the series limit. */
  public synchronized long droppedSpans() {
    return droppedSpans;
  }

  /** How Prometheus clients print bucket bounds: shortest round-trip form. */
  static String formatLe(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v) + ".0";
    }
    return Double.toString(v);
  }
}
