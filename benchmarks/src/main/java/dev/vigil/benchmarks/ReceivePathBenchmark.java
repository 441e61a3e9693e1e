package dev.vigil.benchmarks;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.vigil.collector.CollectorMetrics;
import dev.vigil.collector.ExportPipeline;
import dev.vigil.collector.ExportResult;
import dev.vigil.collector.FanOut;
import dev.vigil.collector.PipelineFullException;
import dev.vigil.collector.ValidationLimits;
import dev.vigil.collector.otlp.MalformedOtlpException;
import dev.vigil.model.Tenant;
import dev.vigil.model.sink.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Clock;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * The whole receive path after the bytes arrived — decode, validate, map into the model, fan out to
 * (no-op) sinks and wait for their acknowledgement — beside bare {@code parseFrom} of the same
 * bytes in the same run. Scores are items per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ReceivePathBenchmark {
  private byte[] traces;
  private byte[] logs;
  private byte[] metrics;
  private FanOut fanOut;
  private ExportPipeline pipeline;

  @Setup
  public void setUp() {
    traces = OtlpPayloads.traces();
    logs = OtlpPayloads.logs();
    metrics = OtlpPayloads.metrics();
    fanOut =
        new FanOut(
            batch -> {}, batch -> {}, batch -> {}, 1L << 30, 2, CollectorMetrics.unregistered());
    pipeline = ExportPipeline.create(fanOut, ValidationLimits.DEFAULT, Clock.systemUTC());
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    fanOut.close();
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.SPANS)
  public ExportTraceServiceRequest tracesParseFrom() throws InvalidProtocolBufferException {
    return ExportTraceServiceRequest.parseFrom(traces);
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.SPANS)
  public ExportResult tracesReceivePath() throws MalformedOtlpException, PipelineFullException {
    return pipeline.exportProtobuf(Signal.TRACES, Tenant.DEFAULT, traces, 0, traces.length).join();
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.LOG_RECORDS)
  public ExportLogsServiceRequest logsParseFrom() throws InvalidProtocolBufferException {
    return ExportLogsServiceRequest.parseFrom(logs);
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.LOG_RECORDS)
  public ExportResult logsReceivePath() throws MalformedOtlpException, PipelineFullException {
    return pipeline.exportProtobuf(Signal.LOGS, Tenant.DEFAULT, logs, 0, logs.length).join();
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.METRIC_POINTS)
  public ExportMetricsServiceRequest metricsParseFrom() throws InvalidProtocolBufferException {
    return ExportMetricsServiceRequest.parseFrom(metrics);
  }

  @Benchmark
  @OperationsPerInvocation(OtlpPayloads.METRIC_POINTS)
  public ExportResult metricsReceivePath() throws MalformedOtlpException, PipelineFullException {
    return pipeline
        .exportProtobuf(Signal.METRICS, Tenant.DEFAULT, metrics, 0, metrics.length)
        .join();
  }
}
