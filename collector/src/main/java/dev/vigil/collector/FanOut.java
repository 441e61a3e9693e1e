package dev.vigil.collector;

import dev.vigil.model.Batch;
import dev.vigil.model.log.LogRecord;
import dev.vigil.model.metric.Metric;
import dev.vigil.model.sink.Signal;
import dev.vigil.model.sink.TelemetrySink;
import dev.vigil.model.trace.Span;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Hands validated batches to the three sinks through one bounded {@link FanOutLane} per signal, so
 * a slow store pushes back on its own senders (they are told to retry) without holding up the
 * others, and memory stays bounded under any load. The returned future completes once the sink has
 * durably accepted the batch; only then may the sender be acknowledged.
 *
 * <p>This in-process fan-out is the embedded default; a queue such as Kafka can take its place by
 * implementing the same three {@link TelemetrySink}s.
 */
public final class FanOut implements AutoCloseable {
  private final Map<Signal, FanOutLane<?>> lanes = new EnumMap<>(Signal.class);

  /**
   * @param capacityBytes per signal, the most encoded request bytes that may wait for or be in a
   *     sink at once
   * @param workers per signal, how many batches may be appended to its sink concurrently
   */
  public FanOut(
      TelemetrySink<Metric> metrics,
      TelemetrySink<LogRecord> logs,
      TelemetrySink<Span> spans,
      long capacityBytes,
      int workers,
      CollectorMetrics collectorMetrics) {
    lanes.put(
        Signal.METRICS,
        new FanOutLane<>(Signal.METRICS, metrics, capacityBytes, workers, collectorMetrics));
    lanes.put(
        Signal.LOGS, new FanOutLane<>(Signal.LOGS, logs, capacityBytes, workers, collectorMetrics));
    lanes.put(
        Signal.TRACES,
        new FanOutLane<>(Signal.TRACES, spans, capacityBytes, workers, collectorMetrics));
  }

  /**
   * Queues {@code batch} for its sink. {@code weightBytes} is what it counts against the lane's
   * capacity (the size of the request it came from).
   *
   * @throws PipelineFullException when the lane is full or closed; nothing was queued
   */
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<Void> submit(Signal signal, Batch<T> batch, long weightBytes)
      throws PipelineFullException {
    return ((FanOutLane<T>) lanes.get(signal)).submit(batch, weightBytes);
  }

  /**
   * Refuses a request of {@code weightBytes} that {@link #submit} would refuse now, before its body
   * is decoded: under overload, decoding bodies only to refuse them spent the CPU the sinks were
   * short of. {@link #submit} still decides; this is only the early answer.
   *
   * @throws PipelineFullException when the lane is full or closed
   */
  public void checkRoom(Signal signal, long weightBytes) throws PipelineFullException {
    lanes.get(signal).checkRoom(weightBytes);
  }

  /** Bytes currently queued or being appended for {@code signal}. */
  public long queuedBytes(Signal signal) {
    return lanes.get(signal).queuedBytes();
  }

  /**
   * Stops taking batches, waits up to {@code timeout} for everything queued to reach the sinks,
   * then closes the sinks. Returns false if the wait timed out (batches still queued were then
   * failed, their senders not acknowledged).
   */
  public boolean close(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    boolean drained = true;
    for (FanOutLane<?> lane : lanes.values()) {
      lane.stopAccepting();
    }
    for (FanOutLane<?> lane : lanes.values()) {
      drained &= lane.awaitDrained(Math.max(0, deadline - System.nanoTime()));
    }
    for (FanOutLane<?> lane : lanes.values()) {
      lane.closeSink();
    }
    return drained;
  }

  @Override
  public void close() throws InterruptedException {
    close(30, TimeUnit.SECONDS);
  }
}
