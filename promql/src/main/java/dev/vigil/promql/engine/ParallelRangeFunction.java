package dev.vigil.promql.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A range function's matrix selector evaluated by several workers: the selected series are cut into
 * slices in series order, each worker (the query's thread and helpers from {@link QueryWorkers})
 * takes the next slice, streams it through a buffer and a {@link WindowSlider} of its own, and the
 * sliders are handed back in slice order. Their outputs concatenated are the serial evaluation's
 * list, series for series, so everything downstream (the aggregation's fold) computes the same
 * bits.
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
 */
final class ParallelRangeFunction {
  /** Makes the slider of one slice, counting against {@code counter}. */
  interface Sliders {
    WindowSlider create(SampleCounter counter);
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

  ParallelRangeFunction(QueryWorkers pool, int workers, QueryLimits limits) {
    this.pool = pool;
    this.workers = workers;
    this.limits = limits;
  }

  /**
   * Evaluates every series of {@code in} and returns the sliders of its slices in series order,
   * their samples counted against the query's limits.
   */
  List<WindowSlider> run(MatrixStream in, Sliders sliders, long range, long offset, Long at) {
    int n = in.seriesCount();
    int sliceSize = Math.max(1, ceilDiv(n, workers * SLICES_PER_WORKER));
    Slice[] slices = new Slice[ceilDiv(n, sliceSize)];
    Shared shared = new Shared(slices.length, limits.roomLeft());
    for (int i = 0; i < slices.length; i++) {
      slices[i] = new Slice(i, i * sliceSize, Math.min(n, (i + 1) * sliceSize), shared);
    }
    Runnable work = () -> work(slices, shared, in, sliders, range, offset, at);
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

  private void work(
      Slice[] slices,
      Shared shared,
      MatrixStream in,
      Sliders sliders,
      long range,
      long offset,
      Long at) {
    for (int i = shared.next.getAndIncrement(); i < slices.length; ) {
      Slice s = slices[i];
      try {
        if (shared.firstFailed.get() < i) {
          s.abandoned = true;
        } else {
          s.slider = sliders.create(s);
          MatrixStream stream = in.slice(s.from, s.to, s);
          for (StepSeries x = stream.next(); x != null; x = stream.next()) {
            s.slider.slide(x, range, offset, at);
          }
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

  private List<WindowSlider> collect(Slice[] slices) {
    List<WindowSlider> out = new ArrayList<>(slices.length);
    long room = slices.length == 0 ? 0 : slices[0].shared.room;
    long counted = 0;
    for (Slice s : slices) {
      if (s.failure != null) {
        if (counted + s.counted > room) {
          throw limits.tooManySamples();
        }
        throw rethrown(s.failure);
      }
      if (s.abandoned || s.slider == null) {
        throw new IllegalStateException("BUG: slice " + s.index + " was left unevaluated");
      }
      counted += s.counted;
      out.add(s.slider);
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
    return new IllegalStateException("BUG: checked exception from a range function", t);
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
   * A run of consecutive series and what evaluating it left: a slider with its outputs, or a
   * failure, or nothing when an earlier slice failed first. Written by the worker that took it,
   * read by the query's thread after {@link Shared#done}.
   */
  private final class Slice implements SampleCounter {
    final int index;
    final int from;
    final int to;
    final Shared shared;
    WindowSlider slider;
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
