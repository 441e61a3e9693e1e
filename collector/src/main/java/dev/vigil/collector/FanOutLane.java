package dev.vigil.collector;

import dev.vigil.model.Batch;
import dev.vigil.model.sink.Signal;
import dev.vigil.model.sink.SinkException;
import dev.vigil.model.sink.TelemetrySink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signal's bounded queue in front of its sink, drained by a few worker threads. Capacity is
 * counted in request bytes and reserved before a batch is queued, so the check-and-queue is
 * race-free and memory is bounded by the capacity whatever the number of senders.
 */
final class FanOutLane<T> {
  private static final Logger log = LoggerFactory.getLogger(FanOutLane.class);

  private final Signal signal;
  private final TelemetrySink<T> sink;
  private final long capacityBytes;
  private final AtomicLong queuedBytes = new AtomicLong();
  private final ThreadPoolExecutor workers;
  private final CollectorMetrics metrics;
  private volatile boolean accepting = true;

  FanOutLane(
      Signal signal,
      TelemetrySink<T> sink,
      long capacityBytes,
      int workerCount,
      CollectorMetrics metrics) {
    this.signal = signal;
    this.sink = sink;
    this.capacityBytes = capacityBytes;
    this.metrics = metrics;
    this.workers =
        new ThreadPoolExecutor(
            workerCount,
            workerCount,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            Thread.ofPlatform()
                .name("vigil-sink-" + signal.label() + "-", 0)
                .daemon(true)
                .factory());
    metrics.registerQueue(signal, queuedBytes::get);
  }

  /** Throws what {@link #submit} would throw for a batch of this weight now. */
  void checkRoom(long weightBytes) throws PipelineFullException {
    if (!accepting) {
      throw closing();
    }
    long weight = Math.max(1, weightBytes);
    long queued = queuedBytes.get();
    if (queued > 0 && queued + weight > capacityBytes) {
      throw full(queued);
    }
  }

  CompletableFuture<Void> submit(Batch<T> batch, long weightBytes) throws PipelineFullException {
    if (!accepting) {
      throw closing();
    }
    long weight = Math.max(1, weightBytes);
    long after = queuedBytes.addAndGet(weight);
    // A single request larger than the whole lane still gets in when the lane is empty, so a
    // capacity below the body limit cannot refuse a request forever.
    if (after > capacityBytes && after != weight) {
      queuedBytes.addAndGet(-weight);
      throw full(after - weight);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      workers.execute(new PendingAppend(batch, weight, done));
    } catch (RuntimeException rejected) {
      queuedBytes.addAndGet(-weight);
      throw new PipelineFullException("the " + signal.label() + " pipeline is closed");
    }
    return done;
  }

  private PipelineFullException closing() {
    return new PipelineFullException(
        "Vigil is shutting down; " + signal.label() + " are not accepted");
  }

  private PipelineFullException full(long queued) {
    return new PipelineFullException(
        "the "
            + signal.label()
            + " pipeline is full ("
            + queued
            + " of "
            + capacityBytes
            + " bytes queued); retry later");
  }

  /** A queued batch; its own type so that a forced shutdown can fail the batches it never ran. */
  private final class PendingAppend implements Runnable {
    final Batch<T> batch;
    final long weight;
    final CompletableFuture<Void> done;

    PendingAppend(Batch<T> batch, long weight, CompletableFuture<Void> done) {
      this.batch = batch;
      this.weight = weight;
      this.done = done;
    }

    @Override
    public void run() {
      append(batch, weight, done);
    }
  }

  private void append(Batch<T> batch, long weight, CompletableFuture<Void> done) {
    try {
      sink.append(batch);
      done.complete(null);
    } catch (SinkException e) {
      done.completeExceptionally(e);
    } catch (RuntimeException | Error e) {
      // A sink bug must not be answered as success, nor kill the worker.
      log.error("BUG: the {} sink threw {} on append", signal.label(), e.toString(), e);
      done.completeExceptionally(
          new SinkException("internal error in the " + signal.label() + " store: " + e, false, e));
    } finally {
      queuedBytes.addAndGet(-weight);
    }
  }

  long queuedBytes() {
    return queuedBytes.get();
  }

  void stopAccepting() {
    accepting = false;
    workers.shutdown();
  }

  boolean awaitDrained(long nanos) throws InterruptedException {
    boolean drained = workers.awaitTermination(nanos, TimeUnit.NANOSECONDS);
    if (!drained) {
      log.warn(
          "{} pipeline did not drain in time; {} bytes still queued",
          signal.label(),
          queuedBytes.get());
      for (Runnable never : workers.shutdownNow()) {
        if (never instanceof FanOutLane<?>.PendingAppend pending) {
          queuedBytes.addAndGet(-pending.weight);
          pending.done.completeExceptionally(
              new SinkException(
                  "Vigil shut down before the batch reached the " + signal.label() + " store",
                  true));
        }
      }
    }
    return drained;
  }

  void closeSink() {
    try {
      sink.close();
    } catch (Exception e) {
      log.error("closing the {} sink failed: {}", signal.label(), e.toString(), e);
    }
  }
}
