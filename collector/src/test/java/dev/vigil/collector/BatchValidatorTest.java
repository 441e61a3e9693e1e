package dev.vigil.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.collector.otlp.Rejections;
import dev.vigil.model.Attributes;
import dev.vigil.model.Batch;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.Scope;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.metric.HistogramPoint;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.metric.MetricData;
import dev.vigil.model.metric.NumberPoint;
import dev.vigil.model.metric.NumberValue;
import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanKind;
import dev.vigil.model.trace.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchValidatorTest {
  private static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");
  private static final long NOW_NANOS = NOW.toEpochMilli() * 1_000_000L;
  private final ValidationLimits limits =
      new ValidationLimits(10, 20, 3, 2, 15, Duration.ofMinutes(10));
  private final BatchValidator validator =
      new BatchValidator(limits, Clock.fixed(NOW, ZoneOffset.UTC));

  private static Span span(String name, Attributes attributes, long end) {
    return new Span(
        new TraceId(1, 2),
        3,
        "",
        0,
        0,
        name,
        SpanKind.SERVER,
        end - 1000,
        end,
        attributes,
        0,
        List.of(),
        0,
        List.of(),
        0,
        Status.UNSET);
  }

  private static <T> Batch<T> batch(Resource resource, List<T> items) {
    return new Batch<>(
        Tenant.DEFAULT,
        List.of(new ResourceGroup<>(resource, List.of(new ScopeGroup<>(Scope.EMPTY, items)))));
  }

  @Test
  void aValidBatchPassesAsTheSameInstance() {
    Batch<Span> b = batch(Resource.EMPTY, List.of(span("ok", Attributes.of("k", "v"), NOW_NANOS)));
    Rejections r = new Rejections();
    assertThat(validator.validateSpans(b, r)).isSameAs(b);
    assertThat(r.isEmpty()).isTrue();
  }

  @Test
  void eachLimitRefusesOnlyTheItemBreakingIt() {
    Batch<Span> b =
        batch(
            Resource.EMPTY,
            List.of(
                span("ok", Attributes.EMPTY, NOW_NANOS),
                span("long-key", Attributes.of("k".repeat(11), "v"), NOW_NANOS),
                span("long-value", Attributes.of("k", "v".repeat(21)), NOW_NANOS),
                span("too-many", Attributes.of("a", 1L, "b", 2L, "c", 3L, "d", 4L), NOW_NANOS),
                span(
                    "deep",
                    Attributes.of("k", Attributes.array(Attributes.array(Attributes.array(1L)))),
                    NOW_NANOS),
                span("a-name-that-is-too-long", Attributes.EMPTY, NOW_NANOS),
                span("future", Attributes.EMPTY, NOW_NANOS + Duration.ofMinutes(11).toNanos()),
                span("ok-2", Attributes.EMPTY, NOW_NANOS + Duration.ofMinutes(9).toNanos())));
    Rejections r = new Rejections();
    Batch<Span> kept = validator.validateSpans(b, r);
    assertThat(kept.resources().get(0).scopes().get(0).items())
        .extracting(Span::name)
        .containsExactly("ok", "ok-2");
    assertThat(r.count()).isEqualTo(6);
    assertThat(r.message())
        .contains("attribute key of 11 characters (limit 10)")
        .contains("is 21 characters long (limit 20)")
        .contains("has 4 attributes (limit 3)")
        .contains("nests deeper than 2 levels")
        .contains("span name is 23 characters long (limit 15)");
  }

  @Test
  void aResourceOverALimitRefusesEverythingUnderIt() {
    Resource bad = new Resource(Attributes.of("service.name", "x".repeat(30)), 0, "");
    Batch<Span> b =
        batch(
            bad,
            List.of(
                span("a", Attributes.EMPTY, NOW_NANOS), span("b", Attributes.EMPTY, NOW_NANOS)));
    Rejections r = new Rejections();
    Batch<Span> kept = validator.validateSpans(b, r);
    assertThat(kept.resources()).isEmpty();
    assertThat(r.count()).isEqualTo(2);
    assertThat(r.message()).contains("resource");
  }

  @Test
  void logsWithBadSeverityOrFutureTimeAreRefused() {
    LogRecord ok =
        new LogRecord(
            NOW_NANOS, NOW_NANOS, 9, "INFO", "hello", Attributes.EMPTY, 0, 0, null, 0, "");
    LogRecord badSeverity =
        new LogRecord(NOW_NANOS, NOW_NANOS, 99, "?", "x", Attributes.EMPTY, 0, 0, null, 0, "");
    LogRecord future =
        new LogRecord(
            NOW_NANOS + Duration.ofHours(1).toNanos(),
            NOW_NANOS,
            9,
            "INFO",
            "x",
            Attributes.EMPTY,
            0,
            0,
            null,
            0,
            "");
    Rejections r = new Rejections();
    Batch<LogRecord> kept =
        validator.validateLogs(batch(Resource.EMPTY, List.of(ok, badSeverity, future)), r);
    assertThat(kept.itemCount()).isEqualTo(1);
    assertThat(r.count()).isEqualTo(2);
    assertThat(r.message()).contains("severity number 99").contains("in the future");
  }

  @Test
  void metricsAreCountedByDataPoints() {
    NumberPoint p =
        new NumberPoint(
            Attributes.EMPTY, 0, NOW_NANOS, NumberValue.ofDouble(Double.NaN), List.of(), 0);
    Metric nanGauge =
        new Metric("up", "", "", Attributes.EMPTY, new MetricData.Gauge(List.of(p, p)));
    Metric unnamed =
        new Metric("", "", "", Attributes.EMPTY, new MetricData.Gauge(List.of(p, p, p)));
    HistogramPoint unsorted =
        new HistogramPoint(
            Attributes.EMPTY,
            0,
            NOW_NANOS,
            3,
            1.0,
            new long[] {1, 1, 1},
            new double[] {2, 1},
            List.of(),
            0,
            null,
            null);
    HistogramPoint wrongCount =
        new HistogramPoint(
            Attributes.EMPTY,
            0,
            NOW_NANOS,
            5,
            1.0,
            new long[] {1, 1, 1},
            new double[] {1, 2},
            List.of(),
            0,
            null,
            null);
    Metric h1 =
        new Metric(
            "h1",
            "",
            "",
            Attributes.EMPTY,
            new MetricData.Histogram(
                List.of(unsorted), dev.vigil.model.metric.Temporality.CUMULATIVE));
    Metric h2 =
        new Metric(
            "h2",
            "",
            "",
            Attributes.EMPTY,
            new MetricData.Histogram(
                List.of(wrongCount), dev.vigil.model.metric.Temporality.CUMULATIVE));
    Rejections r = new Rejections();
    Batch<Metric> kept =
        validator.validateMetrics(batch(Resource.EMPTY, List.of(nanGauge, unnamed, h1, h2)), r);
    // NaN is a legitimate gauge value (Prometheus stores it); the rest is refused.
    assertThat(kept.resources().get(0).scopes().get(0).items())
        .extracting(Metric::name)
        .containsExactly("up");
    assertThat(r.count()).isEqualTo(5);
    assertThat(r.message())
        .contains("metric name is empty")
        .contains("not strictly increasing")
        .contains("add up to 3 but count is 5");
  }
}
