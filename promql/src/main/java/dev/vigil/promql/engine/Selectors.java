package dev.vigil.promql.engine;

import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleBuffer;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.SampleRun;
import dev.vigil.model.series.SampleSummary;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.model.series.StaleMarker;
import dev.vigil.promql.ast.MatchType;
import dev.vigil.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads selectors from storage: each selector's series are fetched once, over the whole time range
 * the query needs from them, and the evaluation then steps through the loaded samples.
 */
final class Selectors {
  private final SeriesQuerier querier;
  private final QueryLimits limits;
  private final long lookback;

  /** What the queries of a batch read together, or null for a query on its own. */
  private final SharedReads shared;

  Selectors(SeriesQuerier querier, QueryLimits limits, long lookback) {
    this(querier, limits, lookback, null);
  }

  Selectors(SeriesQuerier querier, QueryLimits limits, long lookback, SharedReads shared) {
    this.querier = querier;
    this.limits = limits;
    this.lookback = lookback;
    this.shared = shared;
  }

  /**
   * The samples of the selector's series with timestamps in {@code [mint, maxt]}, without staleness
   * markers (range vectors ignore them).
   */
  List<StepSeries> load(VectorSelector v, long mint, long maxt) {
    List<Series> selected = select(v);
    List<StepSeries> out = new ArrayList<>(selected.size());
    // Series of one selector are usually scraped alike: sizing each buffer like the one before
    // (with room for what a store reserves beyond the samples it keeps, but bounded, as a series
    // keeps its buffer's arrays) spares most doubling copies.
    int capacity = 16;
    for (Series s : selected) {
      limits.checkDeadline();
      SampleBuffer buffer = new SampleBuffer(capacity);
      s.appendSamples(mint, maxt, buffer);
      int n = dropStale(buffer);
      if (n > 0) {
        limits.addSamples(n);
        out.add(new StepSeries(s.labels(), false, buffer.timestamps(), buffer.values(), n));
        capacity = Math.min(buffer.timestamps().length, n + n / 2 + 16);
      }
    }
    return out;
  }

  /** Removes staleness markers in place; returns how many samples remain. */
  static int dropStale(SampleBuffer buffer) {
    long[] ts = buffer.timestamps();
    double[] vs = buffer.values();
    int size = buffer.size();
    int n = 0;
    while (n < size && !StaleMarker.isStale(vs[n])) {
      n++; // most series hold no marker: nothing moves until the first
    }
    for (int i = n + 1; i < size; i++) {
      if (!StaleMarker.isStale(vs[i])) {
        ts[n] = ts[i];
        vs[n++] = vs[i];
      }
    }
    return n;
  }

  /** The selector's series (shared with the batch's other queries when there is a batch). */
  List<Series> select(VectorSelector v) {
    List<Series> selected = shared != null ? shared.selection(this, v) : selectFromStore(v);
    limits.addSeries(selected.size());
    return selected;
  }

  /** The selector's series from the querier. */
  List<Series> selectFromStore(VectorSelector v) {
    try {
      return querier.select(toModel(v));
    } catch (IllegalArgumentException e) {
      throw new BadQueryException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new QueryExecutionException("expanding series: " + e.getMessage(), e);
    }
  }

  /** A series and the facts of its window at one evaluation time. */
  record SeriesFacts(Labels labels, WindowFacts facts) {}

  /**
   * The facts of each series' window {@code (ref - range, ref]} at the single time {@code t}: runs
   * wholly inside the window count by their summaries, the samples of the others are read. Series
   * without samples in the window are left out.
   */
  List<SeriesFacts> facts(VectorSelector v, long range, long t, Long at) {
    if (shared != null) {
      List<SeriesFacts> folded = shared.facts(this, v, range, t, at);
      if (folded != null) {
        return folded;
      }
    }
    long ref = (at != null ? at : t) - v.offset().toMillis();
    long start = ref - range;
    List<Series> selected = select(v);
    List<SeriesFacts> out = new ArrayList<>(selected.size());
    for (Series s : selected) {
      WindowFacts f = window(s.runs(), s, start, ref);
      if (f.count > 0) {
        out.add(new SeriesFacts(s.labels(), f));
      }
    }
    return out;
  }

  /**
   * One series' window {@code (start, ref]} folded from {@code runs} (the series' runs, read once
   * by the caller) or, when the store offers none, from its samples.
   */
  WindowFacts window(List<SampleRun> runs, Series s, long start, long ref) {
    if (runs == null) {
      return window(null, null, null, s, start, ref, false);
    }
    SampleRun[] all = runs.toArray(new SampleRun[0]);
    return window(all, minTimes(all), maxTimes(all), s, start, ref, false);
  }

  /** Each run's {@link SampleRun#minTime}, read once. */
  static long[] minTimes(SampleRun[] runs) {
    long[] t = new long[runs.length];
    for (int i = 0; i < runs.length; i++) {
      t[i] = runs[i].minTime();
    }
    return t;
  }

  /** Each run's {@link SampleRun#maxTime}, read once. */
  static long[] maxTimes(SampleRun[] runs) {
    long[] t = new long[runs.length];
    for (int i = 0; i < runs.length; i++) {
      t[i] = runs[i].maxTime();
    }
    return t;
  }

  /**
   * {@link #window(List, Series, long, long)} over the runs as an array with their bounds beside
   * ({@code runs} null: none, read the series' samples), for counters only when {@code counters}:
   * the runs at the edges that a batch reads once ({@link ReadOnceRun}) then add their part of the
   * window by binary search instead of sample by sample. The bounds are arrays because a batch
   * walks the same runs for each of an SLO's seven windows: the calls through to the store's run
   * objects (of several classes) were a tenth of the rule threads' samples.
   */
  WindowFacts window(
      SampleRun[] runs,
      long[] minTimes,
      long[] maxTimes,
      Series s,
      long start,
      long ref,
      boolean counters) {
    limits.checkDeadline();
    WindowFacts f = new WindowFacts();
    if (runs == null) {
      addSamples(f, s.samples(), start, ref);
      return f;
    }
    // Runs are in time order: the first that reaches into the window, by binary search.
    int lo = 0;
    int hi = runs.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (maxTimes[mid] > start) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    for (int i = lo; i < runs.length; i++) {
      if (minTimes[i] > ref) {
        break;
      }
      SampleRun run = runs[i];
      if (minTimes[i] > start && maxTimes[i] <= ref) {
        SampleSummary summary = run.summary();
        if (summary != null) {
          limits.addSamples(1);
          f.add(summary);
        }
      } else {
        if (counters && run instanceof ReadOnceRun once) {
          int added = once.addCounters(f, start, ref);
          if (added >= 0) {
            limits.addSamples(added);
            continue;
          }
        }
        addSamples(f, run.samples(), start, ref);
      }
    }
    return f;
  }

  private void addSamples(WindowFacts f, SampleIterator it, long start, long end) {
    if (!it.seek(start + 1)) {
      return;
    }
    do {
      long t = it.timestamp();
      if (t > end) {
        return;
      }
      double value = it.value();
      if (!StaleMarker.isStale(value)) {
        limits.addSamples(1);
        f.add(t, value);
      }
    } while (it.next());
  }

  /** What an instant selector's points carry, and so what it reads of each sample. */
  enum InstantRead {
    /** The sample's value: values are decoded. */
    VALUES,
    /** The sample's time in seconds ({@code timestamp()}): only presence is read. */
    TIMESTAMPS,
    /**
     * Nothing but that there is a sample ({@code count}, {@code group}): only presence is read, and
     * the points' values are unspecified.
     */
    PRESENCE
  }

  /**
   * Evaluates an instant selector at every step for {@code selected} (its series, or a worker's
   * slice of them): the newest sample in {@code (ref - lookback, ref]}, unless it is a staleness
   * marker; its value, time or presence as {@code read} asks ({@link Series#appendPresence} lets a
   * store skip decoding values for the last two).
   */
  List<StepSeries> instant(
      List<Series> selected,
      VectorSelector v,
      StepGrid grid,
      Long at,
      InstantRead read,
      SampleCounter counter) {
    List<StepSeries> out = new ArrayList<>(selected.size());
    instant(selected, v, grid, at, read, counter, null, out::add);
    return out;
  }

  /**
   * {@link #instant(List, VectorSelector, StepGrid, Long, InstantRead, SampleCounter)}, each series
   * handed to {@code out} as soon as it is evaluated; its series come from {@code pool} when there
   * is one (null: new ones).
   */
  void instant(
      List<Series> selected,
      VectorSelector v,
      StepGrid grid,
      Long at,
      InstantRead read,
      SampleCounter counter,
      StepSeriesPool pool,
      Consumer<StepSeries> out) {
    boolean timestamps = read == InstantRead.TIMESTAMPS;
    long offset = v.offset().toMillis();
    long refStart = (at != null ? at : grid.start()) - offset;
    long refEnd = (at != null ? at : grid.end()) - offset;
    int steps = grid.steps();
    // One series at a time through one buffer: only the points at the steps are kept, and only
    // they count against the sample limit, as in Prometheus (a range query's instant selector over
    // a day of 15 s samples holds its steps, not the day's samples).
    SampleBuffer buffer = new SampleBuffer(16);
    for (Series s : selected) {
      counter.checkDeadline();
      buffer.clear();
      if (read == InstantRead.VALUES) {
        s.appendSamples(refStart - lookback + 1, refEnd, buffer);
      } else {
        s.appendPresence(refStart - lookback + 1, refEnd, buffer);
      }
      int size = buffer.size();
      if (size == 0) {
        continue;
      }
      long[] ts = buffer.timestamps();
      double[] vs = buffer.values();
      int capacity = grid.stepsReaching(ts[0], ts[size - 1], lookback, offset, at);
      StepSeries o =
          pool != null
              ? pool.take(s.labels(), timestamps, capacity)
              : new StepSeries(s.labels(), timestamps, capacity);
      int j = -1;
      for (int i = 0; i < steps; i++) {
        long t = grid.time(i);
        long ref = (at != null ? at : t) - offset;
        while (j + 1 < size && ts[j + 1] <= ref) {
          j++;
        }
        if (j >= 0 && ts[j] > ref - lookback && !StaleMarker.isStale(vs[j])) {
          o.add(t, timestamps ? ts[j] / 1000.0 : vs[j]);
        }
      }
      if (o.size > 0) {
        counter.addSamples(o.size);
        out.accept(o);
      } else if (pool != null) {
        pool.give(o);
      }
      if (ts.length > 1 << 16) {
        buffer = new SampleBuffer(16); // do not keep one long series' arrays for the rest
      }
    }
  }

  /** Loads what a matrix selector needs for all steps of {@code grid}. */
  RangeInput range(VectorSelector v, long range, StepGrid grid, Long at) {
    long offset = v.offset().toMillis();
    long refStart = (at != null ? at : grid.start()) - offset;
    long refEnd = (at != null ? at : grid.end()) - offset;
    return new RangeInput(load(v, refStart - range + 1, refEnd), range, offset, at);
  }

  /**
   * What {@link #range} loads, one series at a time through one buffer, for a caller that is done
   * with each series before it asks for the next.
   */
  MatrixStream stream(VectorSelector v, long range, StepGrid grid, Long at) {
    long offset = v.offset().toMillis();
    long refStart = (at != null ? at : grid.start()) - offset;
    long refEnd = (at != null ? at : grid.end()) - offset;
    return new MatrixStream(select(v), limits, refStart - range + 1, refEnd);
  }

  static List<LabelMatcher> toModel(VectorSelector v) {
    List<LabelMatcher> out = new ArrayList<>(v.matchers().size());
    for (dev.vigil.promql.ast.LabelMatcher m : v.matchers()) {
      out.add(toModel(m));
    }
    return out;
  }

  static LabelMatcher toModel(dev.vigil.promql.ast.LabelMatcher m) {
    return LabelMatcher.of(type(m.type()), m.name(), m.value());
  }

  private static LabelMatcher.Type type(MatchType t) {
    return switch (t) {
      case EQUAL -> LabelMatcher.Type.EQUAL;
      case NOT_EQUAL -> LabelMatcher.Type.NOT_EQUAL;
      case REGEX -> LabelMatcher.Type.REGEX;
      case NOT_REGEX -> LabelMatcher.Type.NOT_REGEX;
    };
  }
}
