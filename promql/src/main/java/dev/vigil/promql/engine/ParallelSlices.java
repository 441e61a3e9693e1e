package dev.vigil.promql.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

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
    List<R> out = new ArrayList<>();
    run(n, Integer.MAX_VALUE, task, out::add);
    return out;
  }

  /**
   * Evaluates the series {@code [0, n)} in slices of at most {@code maxSlice} series and hands each
   * slice's result to {@code consumer} on the query's thread, in series order, as soon as it and
   * every slice before it are done (between the slices the query's thread evaluates itself), so a
   * consumer that folds the results holds a few slices at a time rather than all of them. A failure
   * is thrown when the walk in order reaches the failed slice, after every slice taken is done; the
   * consumer has then seen the slices before it.
   */
  void run(int n, int maxSlice, SliceTask<R> task, Consumer<R> consumer) {
    int sliceSize = Math.max(1, Math.min(maxSlice, ceilDiv(n, workers * SLICES_PER_WORKER)));
    int count = ceilDiv(n, sliceSize);
    List<Slice> slices = new ArrayList<>(count);
    Shared shared = new Shared(count, limits.roomLeft());
    for (int i = 0; i < count; i++) {
      slices.add(new Slice(i, i * sliceSize, Math.min(n, (i + 1) * sliceSize), shared));
    }
    List<Future<?>> helpers = new ArrayList<>(workers - 1);
    for (int k = 1; k < workers; k++) {
      Future<?> f = pool.submit(() -> work(slices, shared, task, null));
      if (f != null) {
        helpers.add(f);
      }
    }
    InOrder inOrder = new InOrder(slices, consumer);
    boolean interrupted;
    try {
      work(slices, shared, task, inOrder);
      interrupted = inOrder.drainAll(shared);
      interrupted |= awaitSlices(shared);
    } catch (RuntimeException | Error e) {
      // A failed slice or the consumer: abandon the rest, and take the slices nobody took yet
      // (with no helper the query's thread is the only one that would), so that every slice is
      // done and no worker reads the querier once this returns.
      shared.firstFailed.set(-1);
      work(slices, shared, task, null);
      awaitSlicesOrCancel(shared);
      throw e;
    } finally {
      for (Future<?> f : helpers) {
        f.cancel(false); // one not started yet would only find no slice left
      }
    }
    if (interrupted) {
      throw canceled();
    }
    limits.addSamples(inOrder.counted);
  }

  /** Waits for every slice; an interrupt abandons them, and the query is canceled. */
  private static void awaitSlicesOrCancel(Shared shared) {
    if (awaitSlices(shared)) {
      throw canceled();
    }
  }

  /** The interrupted query's failure; the interrupt stays set for the caller. */
  private static QueryTimeoutException canceled() {
    Thread.currentThread().interrupt();
    return new QueryTimeoutException("query was canceled in expression evaluation");
  }

  /** The query thread's walk over the slices' results, in order. */
  private final class InOrder {
    final List<Slice> slices;
    final Consumer<R> consumer;
    int next;
    long counted;

    InOrder(List<Slice> slices, Consumer<R> consumer) {
      this.slices = slices;
      this.consumer = consumer;
    }

    /** Hands over the finished slices at the front, without waiting. */
    void drainReady() {
      while (next < slices.size() && slices.get(next).finished.getCount() == 0) {
        take(slices.get(next++));
      }
    }

    /**
     * Hands over every slice, waiting for each; an interrupt abandons the rest and returns true.
     */
    boolean drainAll(Shared shared) {
      while (next < slices.size()) {
        Slice s = slices.get(next);
        try {
          s.finished.await();
        } catch (InterruptedException e) {
          shared.firstFailed.set(-1);
          return true;
        }
        next++;
        take(s);
      }
      return false;
    }

    private void take(Slice s) {
      if (s.failure != null) {
        awaitSlicesOrCancel(s.shared); // no worker may still read the querier once this throws
        if (counted + s.counted > s.shared.room) {
          throw limits.tooManySamples();
        }
        throw rethrown(s.failure);
      }
      if (s.abandoned || !s.evaluated) {
        throw new IllegalStateException("BUG: slice " + s.index + " was left unevaluated");
      }
      counted += s.counted;
      R r = s.result;
      s.result = null; // the consumer may be done with it before the walk is
      consumer.accept(r);
    }
  }

  /**
   * Takes slices until none is left; the query's thread ({@code inOrder} not null) hands over the
   * finished ones at the front after each of its own.
   */
  private void work(List<Slice> slices, Shared shared, SliceTask<R> task, InOrder inOrder) {
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
        s.finished.countDown();
        shared.done.countDown();
      }
      if (inOrder != null) {
        inOrder.drainReady();
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
    final CountDownLatch finished = new CountDownLatch(1);
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
