package dev.vigil.tracestore.derived;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.SpanId;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.ExemplarSample;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.tracestore.StoredSpan;
import dev.vigil.tracestore.TraceGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanMetricsTest {
  private static final Tenant TENANT = new Tenant("shop");
  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

  /** Keeps the last committed value per series, as a tsdb would answer an instant query. */
  private static final class LastValues implements SeriesAppender {
    final Map<Labels, Double> committed = new HashMap<>();
    final Map<Labels, Double> pending = new HashMap<>();
    final Map<Labels, List<ExemplarSample>> exemplars = new HashMap<>();
    final Map<Labels, List<ExemplarSample>> pendingExemplars = new HashMap<>();
    int commits;

    @Override
    public void appendExemplar(Tenant tenant, Labels labels, ExemplarSample exemplar) {
      assertThat(tenant).isEqualTo(TENANT);
      pendingExemplars.computeIfAbsent(labels, l -> new ArrayList<>()).add(exemplar);
    }

    @Override
    public void append(Tenant tenant, Labels labels, long timestamp, double value) {
      assertThat(tenant).isEqualTo(TENANT);
      assertThat(timestamp).isEqualTo(CLOCK.millis());
      pending.put(labels, value);
    }

    @Override
    public void commit() {
      committed.putAll(pending);
      pending.clear();
      pendingExemplars.forEach(
          (l, list) -> exemplars.computeIfAbsent(l, x -> new ArrayList<>()).addAll(list));
      pendingExemplars.clear();
      commits++;
    }

    @Override
    public void rollback() {
      pending.clear();
      pendingExemplars.clear();
    }
  }

  @Test
  void countersHistogramsAndSumsAreCumulativePerSeries() throws Exception {
    TraceGenerator g = new TraceGenerator(8, 1_700_000_000_000_000_000L);
    SpanMetrics metrics = new SpanMetrics(SpanMetrics.DEFAULT_BUCKETS, 10_000, CLOCK);
    LastValues out = new LastValues();
    List<StoredSpan> all = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      List<StoredSpan> batch = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        batch.addAll(g.trace());
      }
      metrics.record(TraceGenerator.batch(TENANT, batch), out);
      all.addAll(batch);
    }
    assertThat(out.commits).isEqualTo(3);
    // Expected values computed straight from the spans.
    Map<List<String>, List<Double>> seconds = new HashMap<>();
    for (StoredSpan s : all) {
      List<String> key =
          List.of(
              s.serviceName(),
              s.span().name(),
              "SPAN_KIND_" + s.span().kind(),
              "STATUS_CODE_" + s.span().status().code());
      seconds.computeIfAbsent(key, k -> new ArrayList<>()).add(s.span().durationNanos() / 1e9);
    }
    int expectedSamples = 0;
    for (Map.Entry<List<String>, List<Double>> e : seconds.entrySet()) {
      List<String> k = e.getKey();
      String[] base = {
        "service", k.get(0), "span_name", k.get(1), "span_kind", k.get(2), "status_code", k.get(3)
      };
      List<Double> d = e.getValue();
      assertThat(out.committed.get(labels(base, "__name__", "traces_spanmetrics_calls_total")))
          .isEqualTo((double) d.size());
      assertThat(out.committed.get(labels(base, "__name__", "traces_spanmetrics_latency_count")))
          .isEqualTo((double) d.size());
      assertThat(out.committed.get(labels(base, "__name__", "traces_spanmetrics_latency_sum")))
          .isCloseTo(
              d.stream().mapToDouble(x -> x).sum(), org.assertj.core.data.Offset.offset(1e-9));
      for (double le : SpanMetrics.DEFAULT_BUCKETS) {
        long atOrBelow = d.stream().filter(x -> x <= le).count();
        assertThat(
                out.committed.get(
                    labels(
                        base,
                        "__name__",
                        "traces_spanmetrics_latency_bucket",
                        "le",
                        Double.toString(le))))
            .as("%s le=%s", k, le)
            .isEqualTo((double) atOrBelow);
      }
      assertThat(
              out.committed.get(
                  labels(base, "__name__", "traces_spanmetrics_latency_bucket", "le", "+Inf")))
          .isEqualTo((double) d.size());
      expectedSamples += 3 + SpanMetrics.DEFAULT_BUCKETS.length + 1;
    }
    assertThat(out.committed).hasSize(expectedSamples);
  }

  @Test
  void eachBatchLinksEveryTouchedBucketToItsSlowestSpanAndEachCounterToTheSlowestOfAll()
      throws Exception {
    TraceGenerator g = new TraceGenerator(11, 1_700_000_000_000_000_000L);
    double[] bounds = {0.01, 0.1, 1};
    SpanMetrics metrics = new SpanMetrics(bounds, 10_000, CLOCK);
    LastValues out = new LastValues();
    List<StoredSpan> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      batch.addAll(g.trace());
    }
    metrics.record(TraceGenerator.batch(TENANT, batch), out);

    // Expected, from the spans: the slowest per (series, bucket) and per series.
    Map<Labels, StoredSpan> slowestInBucket = new HashMap<>();
    Map<Labels, StoredSpan> slowestInSeries = new HashMap<>();
    for (StoredSpan s : batch) {
      String[] base = {
        "service",
        s.serviceName(),
        "span_name",
        s.span().name(),
        "span_kind",
        "SPAN_KIND_" + s.span().kind(),
        "status_code",
        "STATUS_CODE_" + s.span().status().code()
      };
      double seconds = s.span().durationNanos() / 1e9;
      String le = "+Inf";
      for (double b : bounds) {
        if (seconds <= b) {
          le = Double.toString(b);
          break;
        }
      }
      slowestInBucket.merge(
          labels(base, "__name__", "traces_spanmetrics_latency_bucket", "le", le),
          s,
          SpanMetricsTest::slower);
      slowestInSeries.merge(
          labels(base, "__name__", "traces_spanmetrics_calls_total"), s, SpanMetricsTest::slower);
    }
    Map<Labels, List<ExemplarSample>> expected = new HashMap<>();
    slowestInBucket.forEach(
        (l, s) -> expected.put(l, List.of(exemplarOf(s, s.span().durationNanos() / 1e9))));
    slowestInSeries.forEach((l, s) -> expected.put(l, List.of(exemplarOf(s, 1))));
    assertThat(out.exemplars).isEqualTo(expected);
    assertThat(expected.keySet().stream().filter(l -> l.has("le")).map(l -> l.get("le")))
        .as("the generated durations reach several buckets")
        .contains("0.01", "0.1");
  }

  private static StoredSpan slower(StoredSpan a, StoredSpan b) {
    return b.span().durationNanos() > a.span().durationNanos() ? b : a;
  }

  private static ExemplarSample exemplarOf(StoredSpan s, double value) {
    return new ExemplarSample(
        Labels.of(
            "trace_id", s.span().traceId().toHex(), "span_id", SpanId.toHex(s.span().spanId())),
        value,
        CLOCK.millis());
  }

  @Test
  void seriesBeyondTheLimitAreDroppedAndCounted() throws Exception {
    TraceGenerator g = new TraceGenerator(8, 1_700_000_000_000_000_000L);
    SpanMetrics metrics = new SpanMetrics(new double[] {0.1, 1}, 2, CLOCK);
    LastValues out = new LastValues();
    List<StoredSpan> spans = g.trace();
    metrics.record(TraceGenerator.batch(TENANT, spans), out);
    long series =
        out.committed.keySet().stream().filter(l -> l.metricName().endsWith("_count")).count();
    assertThat(series).isEqualTo(2);
    assertThat(metrics.droppedSpans()).isPositive();
    long counted =
        out.committed.entrySet().stream()
            .filter(e -> e.getKey().metricName().endsWith("calls_total"))
            .mapToLong(e -> e.getValue().longValue())
            .sum();
    assertThat(counted + metrics.droppedSpans()).isEqualTo(spans.size());
  }

  private static Labels labels(String[] base, String... more) {
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return Labels.of(all);
  }
}
