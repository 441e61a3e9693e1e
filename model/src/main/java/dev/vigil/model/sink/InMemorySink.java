package dev.vigil.model.sink;

import dev.vigil.model.Batch;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every appended batch in memory, in arrival order. It stands in for a store until one exists
 * and is what tests assert against; "durable" here means "held until the process ends".
 */
public final class InMemorySink<T> implements TelemetrySink<T> {
  private final List<Batch<T>> batches = new ArrayList<>();
  private final int maxBatches;
  private long evictedBatches;

  /** Keeps every batch: for tests. */
  public InMemorySink() {
    this(Integer.MAX_VALUE);
  }

  /**
   * Keeps the newest {@code maxBatches} batches, forgetting older ones: for a running server whose
   * real store does not exist yet, so memory stays bounded.
   */
  public InMemorySink(int maxBatches) {
    if (maxBatches < 1) {
      throw new IllegalArgumentException("maxBatches must be at least 1");
    }
    this.maxBatches = maxBatches;
  }

  @Override
  public synchronized void append(Batch<T> batch) {
    if (batches.size() == maxBatches) {
      batches.remove(0);
      evictedBatches++;
    }
    batches.add(batch);
    notifyAll();
  }

  /** Batches forgotten because the sink was full. */
  public synchronized long evictedBatches() {
    return evictedBatches;
  }

  /** A snapshot of the batches appended so far. */
  public synchronized List<Batch<T>> batches() {
    return List.copyOf(batches);
  }

  /** Every item (span, record or metric) appended so far, flattened in order. */
  public synchronized List<T> items() {
    List<T> items = new ArrayList<>();
    for (Batch<T> b : batches) {
      b.resources().forEach(r -> r.scopes().forEach(s -> items.addAll(s.items())));
    }
    return items;
  }

  /** Waits until at least {@code count} items arrived or the timeout passed; returns the items. */
  public synchronized List<T> awaitItems(int count, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (items().size() < count) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    return items();
  }

  public synchronized void clear() {
    batches.clear();
  }
}
