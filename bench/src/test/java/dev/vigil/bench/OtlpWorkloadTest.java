package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generated load is what the figures claim it is: the counts, unique ids, OTLP/JSON ids. */
class OtlpWorkloadTest {
  private static final long START = 1_700_000_000_000_000_000L;

  @Test
  void tracesHoldWholeTracesWithUniqueIds() {
    OtlpWorkload w = new OtlpWorkload(1, START, 1_000_000);
    ExportTraceServiceRequest r = w.traces(500, 10);
    List<Span> spans =
        r.getResourceSpansList().stream()
            .flatMap(rs -> rs.getScopeSpansList().stream())
            .flatMap(ss -> ss.getSpansList().stream())
            .toList();
    assertThat(spans).hasSize(500);
    assertThat(OtlpLoadBench.count(r)).isEqualTo(500);
    Set<String> spanIds = new HashSet<>();
    spans.forEach(s -> spanIds.add(HexFormat.of().formatHex(s.getSpanId().toByteArray())));
    assertThat(spanIds).hasSize(500);
    assertThat(w.traceIds).hasSize(50).doesNotHaveDuplicates();
    assertThat(spans.stream().filter(s -> s.getParentSpanId().isEmpty())).hasSize(50);
    assertThat(spans).allMatch(s -> s.getEndTimeUnixNano() > s.getStartTimeUnixNano());
  }

  @Test
  void logsCoverTheAskedTimeSpanAndCarryRareTokens() {
    OtlpWorkload w = new OtlpWorkload(2, START, 1_000_000);
    ExportLogsServiceRequest r = w.logs(2000, 100, 100);
    assertThat(OtlpLoadBench.count(r)).isEqualTo(2000);
    long last =
        r.getResourceLogsList().stream()
            .flatMap(rl -> rl.getScopeLogsList().stream())
            .flatMap(sl -> sl.getLogRecordsList().stream())
            .mapToLong(l -> l.getTimeUnixNano())
            .max()
            .orElseThrow();
    // 2,000 records a millisecond apart on average: about two seconds.
    assertThat(last - START).isBetween(1_500_000_000L, 2_500_000_000L);
    assertThat(w.rareTokens()).isBetween(5L, 60L);
    assertThat(r.toString()).contains(OtlpWorkload.rareToken(0) + " ");
  }

  @Test
  void churnPutsPointsOnNewSeries() {
    OtlpWorkload w = new OtlpWorkload(3, START, 1);
    ExportMetricsServiceRequest stable = w.metrics(1000, 50, 10, 0);
    ExportMetricsServiceRequest churning = w.metrics(1000, 50, 10, 0.5);
    assertThat(seriesOf(stable)).hasSizeLessThanOrEqualTo(50);
    assertThat(seriesOf(churning).size()).isGreaterThan(400);
  }

  @Test
  void otlpJsonCarriesHexIds() throws Exception {
    OtlpWorkload w = new OtlpWorkload(4, START, 1_000_000);
    ExportTraceServiceRequest r = w.traces(10, 10);
    String json =
        OtlpLoadBench.hexIds(JsonFormat.printer().omittingInsignificantWhitespace().print(r));
    assertThat(json).contains("\"traceId\":\"" + w.traceIds.get(0) + "\"");
    assertThat(json).doesNotContain("=\"");
  }

  private static Set<String> seriesOf(ExportMetricsServiceRequest r) {
    Set<String> out = new HashSet<>();
    r.getResourceMetricsList().stream()
        .flatMap(rm -> rm.getScopeMetricsList().stream())
        .flatMap(sm -> sm.getMetricsList().stream())
        .forEach(m ->
            (m.hasSum() ? m.getSum().getDataPointsList() : m.getGauge().getDataPointsList())
                .forEach(p -> out.add(m.getName() + p.getAttributesList())));
    return out;
  }
}
