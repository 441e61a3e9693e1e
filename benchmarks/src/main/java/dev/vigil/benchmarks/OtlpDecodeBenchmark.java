package dev.vigil.benchmarks;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.vigil.collector.otlp.MalformedOtlpException;
import dev.vigil.collector.otlp.OtlpProtoDecoder;
import dev.vigil.collector.otlp.OtlpProtoMapper;
import dev.vigil.collector.otlp.Rejections;
import dev.vigil.model.Batch;
import dev.vigil.model.Tenant;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.trace.Span;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * OTLP protobuf decoding, three ways per signal on the same bytes: bare {@code parseFrom} (the
 * baseline: generated messages only, not yet usable by Vigil), {@code parseFrom} followed by {@link
 * OtlpProtoMapper} (the receive path without the streaming decoder), and {@link OtlpProtoDecoder}
 * (the receive path). Scores are items per second: spans, log records, or metric data points.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OtlpDecodeBenchmark {
  private static final Tenant TENANT = Tenant.DEFAULT;

  private byte[] traces;
  private byte[] logs;
  private byte[] metrics;
  private final OtlpProtoDecoder decoder = new OtlpProtoDecoder();

  @Setup
  public void setUp() {
    traces = OtlpPayloads.traces();
    logs = OtlpPayloads.logs();
    metrics = OtlpPayloads.metrics();
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.SPANS)
  public ExportTraceServiceRequest tracesParseFrom() throws InvalidProtocolBufferException {
    return ExportTraceServiceRequest.parseFrom(traces);
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.SPANS)
  public Batch<Span> tracesParseFromAndMap() throws InvalidProtocolBufferException {
    return OtlpProtoMapper.traces(
        TENANT, ExportTraceServiceRequest.parseFrom(traces), new Rejections());
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.SPANS)
  public Batch<Span> tracesDecoder() throws MalformedOtlpException {
    return decoder.decodeTraces(TENANT, traces, 0, traces.length, new Rejections());
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.LOG_RECORDS)
  public ExportLogsServiceRequest logsParseFrom() throws InvalidProtocolBufferException {
    return ExportLogsServiceRequest.parseFrom(logs);
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.LOG_RECORDS)
  public Batch<LogRecord> logsParseFromAndMap() throws InvalidProtocolBufferException {
    return OtlpProtoMapper.logs(TENANT, ExportLogsServiceRequest.parseFrom(logs), new Rejections());
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.LOG_RECORDS)
  public Batch<LogRecord> logsDecoder() throws MalformedOtlpException {
    return decoder.decodeLogs(TENANT, logs, 0, logs.length, new Rejections());
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.METRIC_POINTS)
  public ExportMetricsServiceRequest metricsParseFrom() throws InvalidProtocolBufferException {
    return ExportMetricsServiceRequest.parseFrom(metrics);
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.METRIC_POINTS)
  public Batch<Metric> metricsParseFromAndMap() throws InvalidProtocolBufferException {
    return OtlpProtoMapper.metrics(
        TENANT, ExportMetricsServiceRequest.parseFrom(metrics), new Rejections());
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.METRIC_POINTS)
  public Batch<Metric> metricsDecoder() throws MalformedOtlpException {
    return decoder.decodeMetrics(TENANT, metrics, 0, metrics.length, new Rejections());
  }
}
