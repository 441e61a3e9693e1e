package dev.vigil.tsdb.otlp;

import dev.vigil.model.Attributes;
import dev.vigil.model.Batch;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.SpanId;
import dev.vigil.model.Tenant;
import dev.vigil.model.metric.Exemplar;
import dev.vigil.model.metric.ExponentialBuckets;
import dev.vigil.model.metric.ExponentialHistogramPoint;
import dev.vigil.model.metric.HistogramPoint;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.metric.MetricData;
import dev.vigil.model.metric.NumberPoint;
import dev.vigil.model.metric.SummaryPoint;
import dev.vigil.model.metric.Temporality;
import dev.vigil.model.series.ExemplarSample;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.StaleMarker;
import java.util.List;
import java.util.TreeMap;

/**
 * Writes OTLP metrics as Prometheus series through a {@link SeriesAppender}, following Prometheus'
 * OTLP receiver:
 *
 * <ul>
 *   <li>gauges and non-monotonic sums → gauges; monotonic sums → counters named {@code *_total};
 *   <li>explicit-bucket histograms → {@code _bucket{le}} (cumulative, with {@code +Inf}), {@code
 *       _sum}, {@code _count}; summaries → {@code {quantile}}, {@code _sum}, {@code _count};
 *   <li>exponential histograms → classic buckets at their exact boundaries ({@code le} = the upper
 *       bound of each populated bucket, the zero bucket at the zero threshold), so no count is
 *       lost;
 *   <li>{@code service.namespace}/{@code service.name} → {@code job}, {@code service.instance.id} →
 *       {@code instance}, every other resource attribute → a {@code target_info} series;
 *   <li>delta temporality → cumulative through {@link DeltaAccumulator};
 *   <li>a point flagged no-recorded-value → a staleness marker on each of its series;
 *   <li>exemplars → exemplars of the point's series with {@code trace_id} and {@code span_id} (hex)
 *       and the filtered attributes as labels; a histogram's go to the {@code _bucket} series of
 *       the first bucket that holds their value, as Prometheus' translation places them.
 * </ul>
 *
 * Timestamps go from nanoseconds to milliseconds. Thread-safe.
 */
public final class OtlpToSeries {
  private final DeltaAccumulator deltas = new DeltaAccumulator();
  private final dev.vigil.tsdb.MetricMetadata metadata;

  /** Without metadata bookkeeping. */
  public OtlpToSeries() {
    this(new dev.vigil.tsdb.MetricMetadata());
  }

  /** Records each metric family's type, help and unit in {@code metadata}. */
  public OtlpToSeries(dev.vigil.tsdb.MetricMetadata metadata) {
    this.metadata = metadata;
  }

  /** Appends every point of {@code batch}; the caller commits. Returns the samples appended. */
  public long write(Batch<Metric> batch, SeriesAppender appender) {
    long samples = 0;
    Tenant tenant = batch.tenant();
    for (ResourceGroup<Metric> r : batch.resources()) {
      ResourceLabels resource = ResourceLabels.of(r.resource());
      long latest = Long.MIN_VALUE;
      for (ScopeGroup<Metric> s : r.scopes()) {
        for (Metric m : s.items()) {
          Writer w = new Writer(tenant, resource, appender);
          w.metric(m);
          samples += w.samples;
          latest = Math.max(latest, w.latestMillis);
        }
      }
      if (latest != Long.MIN_VALUE && resource.hasTargetInfo()) {
        appender.append(tenant, resource.targetInfo(), latest, 1);
        samples++;
      }
    }
    return samples;
  }

  /** The series labels of one resource, and its {@code target_info}. */
  private record ResourceLabels(String job, String instance, Labels targetInfo) {
    static ResourceLabels of(Resource resource) {
      Attributes a = resource.attributes();
      String name = stringOf(a.get("service.name"));
      String namespace = stringOf(a.get("service.namespace"));
      String job = name.isEmpty() ? "" : namespace.isEmpty() ? name : namespace + "/" + name;
      String instance = stringOf(a.get("service.instance.id"));
      Labels.Builder info = Labels.builder();
      boolean any = false;
      for (int i = 0; i < a.size(); i++) {
        String key = a.key(i);
        if (key.equals("service.name")
            || key.equals("service.namespace")
            || key.equals("service.instance.id")) {
          continue;
        }
        String value = stringOf(a.value(i));
        if (!value.isEmpty()) {
          info.set(PrometheusNames.labelName(key), value);
          any = true;
        }
      }
      Labels targetInfo =
          any
              ? info.set(Labels.METRIC_NAME, "target_info")
                  .set("job", job)
                  .set("instance", instance)
                  .build()
              : null;
      return new ResourceLabels(job, instance, targetInfo);
    }

    boolean hasTargetInfo() {
      return targetInfo != null;
    }
  }

  private final class Writer {
    private final Tenant tenant;
    private final ResourceLabels resource;
    private final SeriesAppender appender;
    long samples;
    long latestMillis = Long.MIN_VALUE;

    Writer(Tenant tenant, ResourceLabels resource, SeriesAppender appender) {
      this.tenant = tenant;
      this.resource = resource;
      this.appender = appender;
    }

    void metric(Metric m) {
      switch (m.data()) {
        case MetricData.Gauge g -> {
          String name = PrometheusNames.metricName(m.name(), m.unit(), false, true);
          describe(name, "gauge", m);
          for (NumberPoint p : g.points()) {
            number(name, p, false);
          }
        }
        case MetricData.Sum s -> {
          boolean counter = s.monotonic();
          String name = PrometheusNames.metricName(m.name(), m.unit(), counter, !counter);
          describe(name, counter ? "counter" : "gauge", m);
          boolean delta = s.temporality() == Temporality.DELTA;
          for (NumberPoint p : s.points()) {
            number(name, p, delta);
          }
        }
        case MetricData.Histogram h -> {
          String name = PrometheusNames.metricName(m.name(), m.unit(), false, false);
          describe(name, "histogram", m);
          for (HistogramPoint p : h.points()) {
            histogram(name, p, h.temporality() == Temporality.DELTA);
          }
        }
        case MetricData.ExponentialHistogram e -> {
          String name = PrometheusNames.metricName(m.name(), m.unit(), false, false);
          describe(name, "histogram", m);
          for (ExponentialHistogramPoint p : e.points()) {
            exponential(name, p, e.temporality() == Temporality.DELTA);
          }
        }
        case MetricData.Summary s -> {
          String name = PrometheusNames.metricName(m.name(), m.unit(), false, false);
          describe(name, "summary", m);
          for (SummaryPoint p : s.points()) {
            summary(name, p);
          }
        }
      }
    }

    private void describe(String family, String type, Metric m) {
      String unit = PrometheusNames.unitSuffix(m.unit(), type.equals("gauge"));
      // Counters are described under their family name, without the _total suffix, as Prometheus
      // does.
      String name =
          type.equals("counter") && family.endsWith("_total")
              ? family.substring(0, family.length() - 6)
              : family;
      metadata.put(tenant, name, type, m.description(), unit);
    }

    private void number(String name, NumberPoint p, boolean delta) {
      Labels labels = labels(name, p.attributes(), null, null);
      long t = millis(p.timeUnixNano());
      if (p.noRecordedValue() || p.value() == null) {
        emit(labels, t, StaleMarker.STALE_NAN);
        return;
      }
      double v = p.value().toDouble();
      emit(labels, t, delta ? deltas.add(tenant, labels, v) : v);
      for (Exemplar e : byTime(p.exemplars())) {
        exemplar(labels, e, t);
      }
    }

    private void histogram(String name, HistogramPoint p, boolean delta) {
      long t = millis(p.timeUnixNano());
      double[] bounds = p.explicitBounds();
      long[] counts = p.bucketCounts();
      if (p.noRecordedValue()) {
        staleHistogram(name, p.attributes(), t, bounds);
        return;
      }
      double cumulative = 0;
      Labels[] bucketLabels = new Labels[counts.length];
      for (int i = 0; i < counts.length; i++) {
        cumulative += counts[i];
        String le = i < bounds.length ? LabelFloats.format(bounds[i]) : "+Inf";
        Labels labels = labels(name + "_bucket", p.attributes(), "le", le);
        bucketLabels[i] = labels;
        emit(labels, t, delta ? deltas.add(tenant, labels, counts[i]) : cumulative);
      }
      if (counts.length == 0) {
        Labels inf = labels(name + "_bucket", p.attributes(), "le", "+Inf");
        emit(inf, t, delta ? deltas.add(tenant, inf, p.count()) : p.count());
        bucketLabels = new Labels[] {inf};
        bounds = new double[0];
      }
      bucketExemplars(p.exemplars(), bounds, bucketLabels, t);
      if (p.sum() != null) {
        Labels sum = labels(name + "_sum", p.attributes(), null, null);
        emit(sum, t, delta ? deltas.add(tenant, sum, p.sum()) : p.sum());
      }
      Labels count = labels(name + "_count", p.attributes(), null, null);
      emit(count, t, delta ? deltas.add(tenant, count, p.count()) : p.count());
    }

    private void staleHistogram(String name, Attributes attributes, long t, double[] bounds) {
      for (double b : bounds) {
        emit(
            labels(name + "_bucket", attributes, "le", LabelFloats.format(b)),
            t,
            StaleMarker.STALE_NAN);
      }
      emit(labels(name + "_bucket", attributes, "le", "+Inf"), t, StaleMarker.STALE_NAN);
      emit(labels(name + "_sum", attributes, null, null), t, StaleMarker.STALE_NAN);
      emit(labels(name + "_count", attributes, null, null), t, StaleMarker.STALE_NAN);
    }

    /**
     * Each exponential bucket becomes one classic bucket at its exact upper boundary, so counts
     * keep their resolution. With deltas, each {@code le} series accumulates its own increments.
     */
    private void exponential(String name, ExponentialHistogramPoint p, boolean delta) {
      long t = millis(p.timeUnixNano());
      if (p.noRecordedValue()) {
        emit(labels(name + "_count", p.attributes(), null, null), t, StaleMarker.STALE_NAN);
        emit(labels(name + "_sum", p.attributes(), null, null), t, StaleMarker.STALE_NAN);
        return;
      }
      double base = Math.pow(2, Math.pow(2, -p.scale()));
      // Upper bound → count in that bucket, ascending.
      TreeMap<Double, Long> buckets = new TreeMap<>();
      ExponentialBuckets neg = p.negative();
      for (int i = 0; i < neg.counts().length; i++) {
        // Negative bucket index k covers [-base^(k+1), -base^k): its upper bound is -base^k.
        buckets.merge(-Math.pow(base, neg.offset() + i), neg.counts()[i], Long::sum);
      }
      buckets.merge(p.zeroThreshold(), p.zeroCount(), Long::sum);
      ExponentialBuckets pos = p.positive();
      for (int i = 0; i < pos.counts().length; i++) {
        buckets.merge(Math.pow(base, pos.offset() + i + 1), pos.counts()[i], Long::sum);
      }
      double cumulative = 0;
      double[] bounds = new double[buckets.size()];
      Labels[] bucketLabels = new Labels[buckets.size() + 1];
      int b = 0;
      for (var e : buckets.entrySet()) {
        cumulative += e.getValue();
        Labels labels =
            labels(name + "_bucket", p.attributes(), "le", LabelFloats.format(e.getKey()));
        bounds[b] = e.getKey();
        bucketLabels[b++] = labels;
        emit(labels, t, delta ? deltas.add(tenant, labels, e.getValue()) : cumulative);
      }
      Labels inf = labels(name + "_bucket", p.attributes(), "le", "+Inf");
      bucketLabels[b] = inf;
      emit(inf, t, delta ? deltas.add(tenant, inf, p.count()) : p.count());
      bucketExemplars(p.exemplars(), bounds, bucketLabels, t);
      if (p.sum() != null) {
        Labels sum = labels(name + "_sum", p.attributes(), null, null);
        emit(sum, t, delta ? deltas.add(tenant, sum, p.sum()) : p.sum());
      }
      Labels count = labels(name + "_count", p.attributes(), null, null);
      emit(count, t, delta ? deltas.add(tenant, count, p.count()) : p.count());
    }

    private void summary(String name, SummaryPoint p) {
      long t = millis(p.timeUnixNano());
      boolean stale = p.noRecordedValue();
      for (SummaryPoint.Quantile q : p.quantiles()) {
        emit(
            labels(name, p.attributes(), "quantile", LabelFloats.format(q.quantile())),
            t,
            stale ? StaleMarker.STALE_NAN : q.value());
      }
      emit(
          labels(name + "_sum", p.attributes(), null, null),
          t,
          stale ? StaleMarker.STALE_NAN : p.sum());
      emit(
          labels(name + "_count", p.attributes(), null, null),
          t,
          stale ? StaleMarker.STALE_NAN : p.count());
    }

    /**
     * Each exemplar goes to the first bucket whose upper bound holds its value; {@code
     * bucketLabels} has one more entry than {@code bounds}, the {@code +Inf} bucket.
     */
    private void bucketExemplars(
        List<Exemplar> exemplars, double[] bounds, Labels[] bucketLabels, long pointMillis) {
      for (Exemplar e : byTime(exemplars)) {
        double v = e.value().toDouble();
        int i = 0;
        while (i < bounds.length && !(v <= bounds[i])) {
          i++;
        }
        exemplar(bucketLabels[Math.min(i, bucketLabels.length - 1)], e, pointMillis);
      }
    }

    private void exemplar(Labels series, Exemplar e, long pointMillis) {
      long t = e.timeUnixNano() == 0 ? pointMillis : millis(e.timeUnixNano());
      appender.appendExemplar(
          tenant, series, new ExemplarSample(exemplarLabels(e), e.value().toDouble(), t));
    }

    private Labels labels(String name, Attributes attributes, String extraName, String extraValue) {
      Labels.Builder b = Labels.builder();
      for (int i = 0; i < attributes.size(); i++) {
        String label = PrometheusNames.labelName(attributes.key(i));
        if (!label.isEmpty()) {
          b.set(label, stringOf(attributes.value(i)));
        }
      }
      b.set("job", resource.job()).set("instance", resource.instance());
      if (extraName != null) {
        b.set(extraName, extraValue);
      }
      return b.set(Labels.METRIC_NAME, name).build();
    }

    private void emit(Labels labels, long t, double v) {
      appender.append(tenant, labels, t, v);
      samples++;
      latestMillis = Math.max(latestMillis, t);
    }
  }

  /**
   * {@code trace_id} and {@code span_id} first, then the filtered attributes while they fit in
   * OpenMetrics' 128 characters: the trace link is what an exemplar is for, so an attribute never
   * crowds it out.
   */
  static Labels exemplarLabels(Exemplar e) {
    Labels.Builder b = Labels.builder();
    int chars = 0;
    if (e.traceId() != null && e.traceId().isValid()) {
      String id = e.traceId().toHex();
      b.set("trace_id", id);
      chars += "trace_id".length() + id.length();
    }
    if (e.spanId() != SpanId.NONE) {
      String id = SpanId.toHex(e.spanId());
      b.set("span_id", id);
      chars += "span_id".length() + id.length();
    }
    Attributes a = e.filteredAttributes();
    for (int i = 0; i < a.size(); i++) {
      String name = PrometheusNames.labelName(a.key(i));
      String value = stringOf(a.value(i));
      int n = name.codePointCount(0, name.length()) + value.codePointCount(0, value.length());
      if (name.isEmpty()
          || name.equals("trace_id")
          || name.equals("span_id")
          || chars + n > ExemplarSample.MAX_LABEL_CHARS) {
        continue;
      }
      b.set(name, value);
      chars += n;
    }
    return b.build();
  }

  /** A series takes exemplars in time order only: a reservoir may list them in any order. */
  private static List<Exemplar> byTime(List<Exemplar> exemplars) {
    if (exemplars.size() < 2) {
      return exemplars;
    }
    List<Exemplar> sorted = new java.util.ArrayList<>(exemplars);
    sorted.sort(java.util.Comparator.comparingLong(Exemplar::timeUnixNano));
    return sorted;
  }

  private static long millis(long nanos) {
    return Math.floorDiv(nanos, 1_000_000L);
  }

  /** Attribute values as label text: strings as they are, others in their JSON-like form. */
  static String stringOf(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof java.util.List<?> list) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        Object e = list.get(i);
        sb.append(e instanceof String s ? "\"" + s.replace("\"", "\\\"") + "\"" : stringOf(e));
      }
      return sb.append(']').toString();
    }
    return v.toString();
  }
}
