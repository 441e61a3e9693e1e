package dev.vigil.promql.engine;

import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that help queries evaluate a range function's series in parallel: a query's own
 * thread is one worker, these are the others ({@code workers - 1} daemon threads named {@code
 * vigil-promql-worker-N}, started when first needed and ended after a minute idle). An {@link
 * Engine} made without one owns its own; a server shares one between its engines and closes it when
 * it stops. Thread-safe.
 *
 * <p>After {@link #close} queries still run, on their own thread only: a helper that never starts
 * only means the query's thread evaluates every slice itself.
 */
public final class QueryWorkers implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final int workers;
  private ThreadPoolExecutor helpers;
  private boolean closed;

  private QueryWorkers(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    this.workers = workers;
  }

  /** {@code workers} workers per query, the query's own thread included; 1 evaluates serially. */
  public static QueryWorkers of(int workers) {
    return new QueryWorkers(workers);
  }

  /** How many threads may evaluate one query, its own included. */
  public int workers() {
    return workers;
  }

  /**
   * Runs {@code task} on a helper thread, or returns null when there is none to give (one worker,
   * or closed): the caller then does the work itself.
   */
  synchronized Future<?> submit(Runnable task) {
    if (workers == 1 || closed) {
      return null;
    }
    if (helpers == null) {
      helpers =
          new ThreadPoolExecutor(
              workers - 1,
              workers - 1,
              1,
              TimeUnit.MINUTES,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "vigil-promql-worker-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      helpers.allowCoreThreadTimeOut(true);
    }
    try {
      return helpers.submit(task);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("BUG: query workers refused a task while open", e);
    }
  }

  /**
   * Stops the helper threads once the slices they are evaluating are done; queries that started
   * before go on, on their own thread for what is left.
   */
  @Override
  public synchronized void close() {
    closed = true;
    if (helpers != null) {
      helpers.shutdown();
    }
  }
}
