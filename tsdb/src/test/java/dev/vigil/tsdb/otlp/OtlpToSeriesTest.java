package dev.vigil.tsdb.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.vigil.model.Attributes;
import dev.vigil.model.Batch;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.Scope;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.SpanId;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.metric.Exemplar;
import dev.vigil.model.metric.ExponentialBuckets;
import dev.vigil.model.metric.ExponentialHistogramPoint;
import dev.vigil.model.metric.HistogramPoint;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.metric.MetricData;
import dev.vigil.model.metric.NumberPoint;
import dev.vigil.model.metric.NumberValue;
import dev.vigil.model.metric.SummaryPoint;
import dev.vigil.model.metric.Temporality;
import dev.vigil.model.series.ExemplarSample;
import dev.vigil.model.series.InMemorySeriesStore;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesExemplars;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.model.series.StaleMarker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpToSeriesTest {
  private static final Tenant T = new Tenant("t1");
  private static final long T0 = 1_700_000_000_000L;
  private static final Resource RESOURCE =
      new Resource(
          Attributes.of(
              "service.name",
              "checkout",
              "service.namespace",
              "shop",
              "service.instance.id",
              "pod-1",
              "k8s.pod.name",
              "checkout-7f9",
              "host.cores",
              4L),
          0,
          "");

  private final InMemorySeriesStore store = new InMemorySeriesStore();
  private final OtlpToSeries translator = new OtlpToSeries();

  private void write(Metric... metrics) throws Exception {
    Batch<Metric> b =
        new Batch<>(
            T,
            List.of(
                new ResourceGroup<>(
                    RESOURCE, List.of(new ScopeGroup<>(Scope.EMPTY, List.of(metrics))))));
    SeriesAppender a = store.appender();
    translator.write(b, a);
    a.commit();
  }

  private Map<String, List<Double>> all() {
    Map<String, List<Double>> out = new LinkedHashMap<>();
    try (SeriesQuerier q = store.querier(T, 0, Long.MAX_VALUE)) {
      q.select(List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, Labels.METRIC_NAME, ".+")))
          .forEach(s -> {
            List<Double> values = new ArrayList<>();
            SampleIterator it = s.samples();
            while (it.next()) {
              values.add(it.value());
            }
            out.put(s.labels().toString(), values);
          });
    }
    return out;
  }

  private static NumberPoint point(long ms, double v, Object... attrs) {
    return new NumberPoint(
        Attributes.of(attrs), 0, ms * 1_000_000L, NumberValue.ofDouble(v), List.of(), 0);
  }

  @Test
  void countersGaugesAndResourceLabels() throws Exception {
    write(
        new Metric(
            "http.server.requests",
            "",
            "{request}",
            Attributes.EMPTY,
            new MetricData.Sum(
                List.of(point(T0, 7, "http.route", "/cart", "1bad-key", "x")),
                Temporality.CUMULATIVE,
                true)),
        new Metric(
            "queue.length",
            "",
            "",
            Attributes.EMPTY,
            new MetricData.Sum(List.of(point(T0, -3)), Temporality.CUMULATIVE, false)),
        new Metric(
            "system.cpu.utilization",
            "",
            "1",
            Attributes.EMPTY,
            new MetricData.Gauge(List.of(point(T0, 0.5)))),
        new Metric(
            "net.io", "", "By/s", Attributes.EMPTY, new MetricData.Gauge(List.of(point(T0, 10)))));
    Map<String, List<Double>> s = all();
    assertThat(s)
        .containsEntry(
            "http_server_requests_total{http_route=\"/cart\", instance=\"pod-1\", job=\"shop/checkout\", key_1bad_key=\"x\"}",
            List.of(7.0));
    assertThat(s)
        .containsEntry("queue_length{instance=\"pod-1\", job=\"shop/checkout\"}", List.of(-3.0));
    assertThat(s)
        .containsEntry(
            "system_cpu_utilization_ratio{instance=\"pod-1\", job=\"shop/checkout\"}",
            List.of(0.5));
    assertThat(s)
        .containsEntry(
            "net_io_bytes_per_second{instance=\"pod-1\", job=\"shop/checkout\"}", List.of(10.0));
    assertThat(s)
        .containsEntry(
            "target_info{host_cores=\"4\", instance=\"pod-1\", job=\"shop/checkout\", k8s_pod_name=\"checkout-7f9\"}",
            List.of(1.0));
  }

  @Test
  void histogramsBecomeCumulativeBuckets() throws Exception {
    HistogramPoint p =
        new HistogramPoint(
            Attributes.EMPTY,
            0,
            T0 * 1_000_000L,
            6,
            12.5,
            new long[] {1, 2, 0, 3},
            new double[] {0.005, 1, 2.5},
            List.of(),
            0,
            null,
            null);
    write(
        new Metric(
            "http.server.request.duration",
            "",
            "s",
            Attributes.EMPTY,
            new MetricData.Histogram(List.of(p), Temporality.CUMULATIVE)));
    Map<String, List<Double>> s = all();
    String base = "http_server_request_duration_seconds";
    String rest = "instance=\"pod-1\", job=\"shop/checkout\"";
    assertThat(s)
        .containsEntry(base + "_bucket{" + rest + ", le=\"0.005\"}", List.of(1.0))
        .containsEntry(base + "_bucket{" + rest + ", le=\"1\"}", List.of(3.0))
        .containsEntry(base + "_bucket{" + rest + ", le=\"2.5\"}", List.of(3.0))
        .containsEntry(base + "_bucket{" + rest + ", le=\"+Inf\"}", List.of(6.0))
        .containsEntry(base + "_sum{" + rest + "}", List.of(12.5))
        .containsEntry(base + "_count{" + rest + "}", List.of(6.0));
  }

  @Test
  void deltaSumsAccumulateAndNoRecordedValueIsStale() throws Exception {
    write(
        new Metric(
            "jobs",
            "",
            "",
            Attributes.EMPTY,
            new MetricData.Sum(List.of(point(T0, 2)), Temporality.DELTA, true)));
    write(
        new Metric(
            "jobs",
            "",
            "",
            Attributes.EMPTY,
            new MetricData.Sum(List.of(point(T0 + 1000, 3)), Temporality.DELTA, true)));
    NumberPoint gone =
        new NumberPoint(
            Attributes.EMPTY,
            0,
            (T0 + 2000) * 1_000_000L,
            null,
            List.of(),
            NumberPoint.FLAG_NO_RECORDED_VALUE);
    write(
        new Metric(
            "jobs",
            "",
            "",
            Attributes.EMPTY,
            new MetricData.Sum(List.of(gone), Temporality.DELTA, true)));
    List<Double> values = all().get("jobs_total{instance=\"pod-1\", job=\"shop/checkout\"}");
    assertThat(values).hasSize(3);
    assertThat(values.subList(0, 2)).containsExactly(2.0, 5.0);
    assertThat(StaleMarker.isStale(values.get(2))).isTrue();
  }

  @Test
  void summariesAndExponentialHistogramsKeepEveryCount() throws Exception {
    SummaryPoint sp =
        new SummaryPoint(
            Attributes.EMPTY,
            0,
            T0 * 1_000_000L,
            10,
            55,
            List.of(new SummaryPoint.Quantile(0.5, 4), new SummaryPoint.Quantile(0.99, 9.9)),
            0);
    // scale 0: base 2; positive buckets at offset 1 cover (2,4], (4,8].
    ExponentialHistogramPoint ep =
        new ExponentialHistogramPoint(
            Attributes.EMPTY,
            0,
            T0 * 1_000_000L,
            6,
            20.0,
            0,
            1,
            new ExponentialBuckets(1, new long[] {2, 3}),
            ExponentialBuckets.EMPTY,
            0,
            List.of(),
            null,
            null,
            0);
    write(
        new Metric("rpc.latency", "", "ms", Attributes.EMPTY, new MetricData.Summary(List.of(sp))),
        new Metric(
            "payload",
            "",
            "By",
            Attributes.EMPTY,
            new MetricData.ExponentialHistogram(List.of(ep), Temporality.CUMULATIVE)));
    Map<String, List<Double>> s = all();
    String rest = "instance=\"pod-1\", job=\"shop/checkout\"";
    assertThat(s)
        .containsEntry("rpc_latency_milliseconds{" + rest + ", quantile=\"0.99\"}", List.of(9.9))
        .containsEntry("rpc_latency_milliseconds_count{" + rest + "}", List.of(10.0))
        .containsEntry("payload_bytes_bucket{" + rest + ", le=\"0\"}", List.of(1.0))
        .containsEntry("payload_bytes_bucket{" + rest + ", le=\"4\"}", List.of(3.0))
        .containsEntry("payload_bytes_bucket{" + rest + ", le=\"8\"}", List.of(6.0))
        .containsEntry("payload_bytes_bucket{" + rest + ", le=\"+Inf\"}", List.of(6.0));
  }

  private static final TraceId TRACE = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
  private static final long SPAN = SpanId.fromHex("00f067aa0ba902b7");

  private static Exemplar exemplar(long ms, double v, Object... attrs) {
    return new Exemplar(
        Attributes.of(attrs), ms * 1_000_000L, NumberValue.ofDouble(v), SPAN, TRACE);
  }

  private List<SeriesExemplars> exemplars(String metric) {
    return store.exemplars(
        T, 0, Long.MAX_VALUE, List.of(List.of(LabelMatcher.equal(Labels.METRIC_NAME, metric))));
  }

  @Test
  void exemplarsGoToTheirSeriesAndHistogramOnesToTheBucketHoldingTheirValue() throws Exception {
    HistogramPoint p =
        new HistogramPoint(
            Attributes.EMPTY,
            0,
            T0 * 1_000_000L,
            6,
            12.5,
            new long[] {1, 2, 0, 3},
            new double[] {0.005, 1, 2.5},
            // Out of time order, as a reservoir may list them; one exactly on a bound (le is
            // inclusive), one beyond the last bound.
            List.of(
                exemplar(T0 - 10, 7.0),
                exemplar(T0 - 30, 1.0, "http.route", "/cart"),
                exemplar(T0 - 20, 0.001)),
            0,
            null,
            null);
    NumberPoint counter =
        new NumberPoint(
            Attributes.EMPTY,
            0,
            T0 * 1_000_000L,
            NumberValue.ofLong(3),
            List.of(new Exemplar(Attributes.EMPTY, 0, NumberValue.ofLong(1), SpanId.NONE, null)),
            0);
    write(
        new Metric(
            "http.server.request.duration",
            "",
            "s",
            Attributes.EMPTY,
            new MetricData.Histogram(List.of(p), Temporality.CUMULATIVE)),
        new Metric(
            "orders",
            "",
            "",
            Attributes.EMPTY,
            new MetricData.Sum(List.of(counter), Temporality.CUMULATIVE, true)));
    String ids = "span_id=\"00f067aa0ba902b7\", trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\"";
    Map<String, List<String>> got = new LinkedHashMap<>();
    exemplars("http_server_request_duration_seconds_bucket")
        .forEach(s ->
            got.put(
                s.seriesLabels().get("le"),
                s.exemplars().stream()
                    .map(e -> e.labels() + "=" + e.value() + "@" + e.timestamp())
                    .toList()));
    assertThat(got)
        .containsOnly(
            entry("0.005", List.of("{" + ids + "}=0.001@" + (T0 - 20))),
            entry("1", List.of("{http_route=\"/cart\", " + ids + "}=1.0@" + (T0 - 30))),
            entry("+Inf", List.of("{" + ids + "}=7.0@" + (T0 - 10))));
    // Without ids or a time: no labels, and the point's time.
    assertThat(exemplars("orders_total"))
        .singleElement()
        .satisfies(s ->
            assertThat(s.exemplars()).containsExactly(new ExemplarSample(Labels.EMPTY, 1, T0)));
  }

  @Test
  void exemplarAttributesGiveWayToTheTraceLinkWithinTheLabelLimit() {
    Exemplar e = exemplar(T0, 1, "user.id", "u".repeat(60), "short", "x");
    Labels l = OtlpToSeries.exemplarLabels(e);
    assertThat(l.get("trace_id")).isEqualTo(TRACE.toHex());
    assertThat(l.get("span_id")).isEqualTo("00f067aa0ba902b7");
    assertThat(l.get("user_id")).isEmpty(); // 7 + 60 would pass 128 with the ids' 63
    assertThat(l.get("short")).isEqualTo("x");
  }

  @Test
  void namesAndFloatsAreFormattedAsPrometheusDoes() {
    assertThat(PrometheusNames.metricName("k8s.pod.cpu..time", "s", true, false))
        .isEqualTo("k8s_pod_cpu_time_seconds_total");
    assertThat(PrometheusNames.metricName("requests_total", "", true, false))
        .isEqualTo("requests_total");
    assertThat(PrometheusNames.metricName("mem", "MiBy", false, true)).isEqualTo("mem_mebibytes");
    assertThat(PrometheusNames.labelName("http.response.status_code"))
        .isEqualTo("http_response_status_code");
    assertThat(PrometheusNames.labelName("_private")).isEqualTo("key_private");
    assertThat(LabelFloats.format(1.0)).isEqualTo("1");
    assertThat(LabelFloats.format(0.00001)).isEqualTo("0.00001");
    assertThat(LabelFloats.format(1e21)).isEqualTo("1000000000000000000000");
    assertThat(LabelFloats.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
  }
}
