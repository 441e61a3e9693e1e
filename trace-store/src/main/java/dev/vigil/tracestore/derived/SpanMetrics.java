package dev.vigil.tracestore.derived;

import dev.vigil.model.Batch;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.trace.Span;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
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

  private final class Series {
    final Labels base;
    final long[] bucketCounts = new long[buckets.length + 1];
    long count;
    double sum;

    Series(Key k) {
      base =
          Labels.of(
              "service", k.service,
              "span_name", k.spanName,
              "span_kind", k.kind,
              "status_code", k.status);
    }

    void observe(double seconds) {
      count++;
      sum += seconds;
      int i = Arrays.binarySearch(buckets, seconds);
      bucketCounts[i >= 0 ? i : -i - 1]++; // le is inclusive: a value on a bound counts there
    }
  }

  /**
   * Adds the batch's spans to the counters and writes the touched series to {@code appender}, then
   * commits it.
   */
  public synchronized void record(Batch<Span> batch, SeriesAppender appender) throws IOException {
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
          ser.observe(Math.max(0, s.durationNanos()) / 1e9);
          touched.add(ser);
        }
      }
    }
    long now = clock.millis();
    try {
      for (Series s : touched) {
        write(batch.tenant(), s, now, appender);
      }
      appender.commit();
    } catch (IOException | RuntimeException e) {
      appender.rollback();
      throw e;
    }
  }

  private void write(Tenant tenant, Series s, long now, SeriesAppender appender) {
    appender.append(tenant, with(s.base, CALLS, null), now, s.count);
    long cumulative = 0;
    for (int i = 0; i < s.bucketCounts.length; i++) {
      cumulative += s.bucketCounts[i];
      appender.append(tenant, with(s.base, LATENCY + "_bucket", bucketLabels[i]), now, cumulative);
    }
    appender.append(tenant, with(s.base, LATENCY + "_sum", null), now, s.sum);
    appender.append(tenant, with(s.base, LATENCY + "_count", null), now, s.count);
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
