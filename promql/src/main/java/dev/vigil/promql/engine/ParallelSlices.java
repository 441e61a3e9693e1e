package dev.vigil.promql.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A selector's series evaluated by several workers: the series are cut into slices in series order,
 * each worker (the query's thread and helpers from {@link QueryWorkers}) takes the next slice and
 * evaluates it on its own (a range function streams it through a buffer and a {@link WindowSlider}
 * of its own, an instant selector steps through it), and the slices' results are handed back in
 * slice order. Their outputs concatenated are the serial evaluation's list, series for series, so
 * everything downstream (the aggregation's fold) computes the same bits.
 *
 * <p>The query's thread takes slices as well and never waits for a helper to start: when the
 * helpers are busy with other queries it evaluates every slice itself. It returns only once every
 * slice taken is done, so no worker reads the querier after the query closes it.
 *
 * <p>Failures are reported as the serial evaluation reports them. Samples count against one budget
 * shared by the slices, so an over-limit query stops as early; a slice that fails stops the slices
 * after it (the serial evaluation would never have reached them) and lets those before it finish.
 * The slices are then walked in order: the first failure is thrown (itself, on the query's thread),
 * unless the samples counted up to it already exceed the limit, which the serial evaluation would
 * have reported first. When a query both exceeds the limit and would fail otherwise further on,
 * which of the two it reports can depend on timing; either is a failure the serial evaluation can
 * give.
 *
 * @param <R> what evaluating one slice gives
 */
final class ParallelSlices<R> {
  /** Evaluates the series {@code [from, to)}, counting against {@code counter}. */
  interface SliceTask<R> {
    R run(int from, int to, SampleCounter counter);
  }

  /**
   * Slices per worker: enough that a worker started late, or held up by the rest of the machine,
   * still gets a share and leaves little to wait for; few enough that taking one costs little next
   * to evaluating it.
   */
  private static final int SLICES_PER_WORKER = 8;

  private final QueryWorkers pool;
  private final int workers;
  private final QueryLimits limits;

  ParallelSlices(QueryWorkers pool, int workers, QueryLimits limits) {
    this.pool = pool;
    this.workers = workers;
    this.limits = limits;
  }

  /**
   * Evaluates the series {@code [0, n)} slice by slice and returns the slices' results in series
   * order, their samples counted against the query's limits.
   */
  List<R> run(int n, SliceTask<R> task) {
    int sliceSize = Math.max(1, ceilDiv(n, workers * SLICES_PER_WORKER));
    int count = ceilDiv(n, sliceSize);
    List<Slice> slices = new ArrayList<>(count);
    Shared shared = new Shared(count, limits.roomLeft());
    for (int i = 0; i < count; i++) {
      slices.add(new Slice(i, i * sliceSize, Math.min(n, (i + 1) * sliceSize), shared));
    }
    Runnable work = () -> work(slices, shared, task);
    List<Future<?>> helpers = new ArrayList<>(workers - 1);
    for (int k = 1; k < workers; k++) {
      Future<?> f = pool.submit(work);
      if (f != null) {
        helpers.add(f);
      }
    }
    work.run();
    boolean interrupted = awaitSlices(shared);
    for (Future<?> f : helpers) {
      f.cancel(false); // one not started yet would only find no slice left
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      throw new QueryTimeoutException("query was canceled in expression evaluation");
    }
    return collect(slices);
  }

  private void work(List<Slice> slices, Shared shared, SliceTask<R> task) {
    for (int i = shared.next.getAndIncrement(); i < slices.size(); ) {
      Slice s = slices.get(i);
      try {
        if (shared.firstFailed.get() < i) {
          s.abandoned = true;
        } else {
          s.result = task.run(s.from, s.to, s);
          s.evaluated = true;
        }
      } catch (Abandoned e) {
        s.abandoned = true;
      } catch (Throwable t) {
        // Kept for the query's thread, which throws it if no earlier slice failed first.
        s.failure = t;
        shared.firstFailed.accumulateAndGet(i, Math::min);
      } finally {
        shared.done.countDown();
      }
      i = shared.next.getAndIncrement();
    }
  }

  /**
   * Waits for every slice; an interrupt abandons them. Returns whether the thread was interrupted.
   */
  private static boolean awaitSlices(Shared shared) {
    boolean interrupted = false;
    while (true) {
      try {
        shared.done.await();
        return interrupted;
      } catch (InterruptedException e) {
        interrupted = true;
        shared.firstFailed.set(-1);
      }
    }
  }

  private List<R> collect(List<Slice> slices) {
    List<R> out = new ArrayList<>(slices.size());
    long room = slices.isEmpty() ? 0 : slices.get(0).shared.room;
    long counted = 0;
    for (Slice s : slices) {
      if (s.failure != null) {
        if (counted + s.counted > room) {
          throw limits.tooManySamples();
        }
        throw rethrown(s.failure);
      }
      if (s.abandoned || !s.evaluated) {
        throw new IllegalStateException("BUG: slice " + s.index + " was left unevaluated");
      }
      counted += s.counted;
      out.add(s.result);
    }
    limits.addSamples(counted);
    return out;
  }

  private static RuntimeException rethrown(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("BUG: checked exception from a slice", t);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** What the workers of one call share. */
  private static final class Shared {
    final AtomicInteger next = new AtomicInteger();
    final AtomicLong counted = new AtomicLong();
    final AtomicInteger firstFailed = new AtomicInteger(Integer.MAX_VALUE);
    final CountDownLatch done;

    /** Samples the call may add before the query is over its limit. */
    final long room;

    Shared(int slices, long room) {
      this.done = new CountDownLatch(slices);
      this.room = room;
    }
  }

  /**
   * A run of consecutive series and what evaluating it left: its result, or a failure, or nothing
   * when an earlier slice failed first. Written by the worker that took it, read by the query's
   * thread after {@link Shared#done}.
   */
  private final class Slice implements SampleCounter {
    final int index;
    final int from;
    final int to;
    final Shared shared;
    R result;
    boolean evaluated;
    long counted;
    Throwable failure;
    boolean abandoned;

    Slice(int index, int from, int to, Shared shared) {
      this.index = index;
      this.from = from;
      this.to = to;
      this.shared = shared;
    }

    @Override
    public void addSamples(long n) {
      counted += n;
      if (shared.counted.addAndGet(n) > shared.room) {
        throw limits.tooManySamples();
      }
    }

    @Override
    public void checkDeadline() {
      if (shared.firstFailed.get() < index) {
        throw Abandoned.INSTANCE;
      }
      limits.checkDeadline();
    }
  }

  /** Stops a slice after an earlier one failed; never leaves this class. */
  private static final class Abandoned extends RuntimeException {
    static final Abandoned INSTANCE = new Abandoned();

    private Abandoned() {
      super("slice abandoned", null, false, false);
    }
  }
}
