package dev.vigil.model.series;

import dev.vigil.model.Tenant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference series store: every sample in sorted maps, no compression, no limits. It defines
 * the expected behaviour in contract tests and serves unit tests of the query engines. A sample
 * with an existing timestamp replaces the old one. Thread-safe (coarsely: reads copy what they
 * select).
 */
public final class InMemorySeriesStore implements SeriesStore, ExemplarStore {
  private final Map<Tenant, TreeMap<Labels, TreeMap<Long, Double>>> tenants =
      new ConcurrentHashMap<>();
  private final Map<Tenant, TreeMap<Labels, List<ExemplarSample>>> exemplars =
      new ConcurrentHashMap<>();

  /** An appender whose commit makes its samples visible. */
  public SeriesAppender appender() {
    return new SeriesAppender() {
      private final List<Object[]> pending = new ArrayList<>();
      private final Map<Tenant, Map<Labels, List<ExemplarSample>>> pendingExemplars =
          new HashMap<>();

      @Override
      public void append(Tenant tenant, Labels labels, long timestamp, double value) {
        if (labels.isEmpty()) {
          throw new IllegalArgumentException("a series needs at least one label");
        }
        pending.add(new Object[] {tenant, labels, timestamp, value});
      }

      @Override
      public void appendExemplar(Tenant tenant, Labels labels, ExemplarSample exemplar) {
        if (labels.isEmpty()) {
          throw new IllegalArgumentException("a series needs at least one label");
        }
        List<ExemplarSample> batch =
            pendingExemplars
                .computeIfAbsent(tenant, t -> new HashMap<>())
                .computeIfAbsent(labels, l -> new ArrayList<>());
        ExemplarSample newest = batch.isEmpty() ? null : batch.get(batch.size() - 1);
        if (newest == null) {
          synchronized (InMemorySeriesStore.this) {
            List<ExemplarSample> stored =
                exemplars.getOrDefault(tenant, new TreeMap<>()).get(labels);
            newest = stored == null ? null : stored.get(stored.size() - 1);
          }
        }
        if (newest != null && exemplar.sameAs(newest)) {
          return;
        }
        if (newest != null && exemplar.timestamp() < newest.timestamp()) {
          throw new IllegalArgumentException(
              "exemplar for "
                  + labels
                  + " at "
                  + exemplar.timestamp()
                  + " is older than the series' newest exemplar at "
                  + newest.timestamp());
        }
        batch.add(exemplar);
      }

      @Override
      public void commit() {
        synchronized (InMemorySeriesStore.this) {
          for (Object[] p : pending) {
            tenants
                .computeIfAbsent((Tenant) p[0], t -> new TreeMap<>())
                .computeIfAbsent((Labels) p[1], l -> new TreeMap<>())
                .put((Long) p[2], (Double) p[3]);
          }
          pendingExemplars.forEach((tenant, bySeries) ->
              bySeries.forEach((labels, list) ->
                  exemplars
                      .computeIfAbsent(tenant, t -> new TreeMap<>())
                      .computeIfAbsent(labels, l -> new ArrayList<>())
                      .addAll(list)));
        }
        pending.clear();
        pendingExemplars.clear();
      }

      @Override
      public void rollback() {
        pending.clear();
        pendingExemplars.clear();
      }
    };
  }

  @Override
  public SeriesQuerier querier(Tenant tenant, long minTime, long maxTime) {
    Map<Labels, NavigableMap<Long, Double>> snapshot = new HashMap<>();
    synchronized (this) {
      TreeMap<Labels, TreeMap<Long, Double>> series = tenants.getOrDefault(tenant, new TreeMap<>());
      series.forEach((labels, samples) -> {
        NavigableMap<Long, Double> range = samples.subMap(minTime, true, maxTime, true);
        if (!range.isEmpty()) {
          snapshot.put(labels, new TreeMap<>(range));
        }
      });
    }
    return new SeriesQuerier() {
      @Override
      public List<Series> select(List<LabelMatcher> matchers) {
        if (matchers.stream().allMatch(LabelMatcher::matchesEmpty)) {
          throw new IllegalArgumentException(
              "a selector needs at least one matcher that does not match the empty string");
        }
        List<Series> out = new ArrayList<>();
        new TreeMap<>(snapshot)
            .forEach((labels, samples) -> {
              if (matchers.stream().allMatch(m -> m.matches(labels))) {
                out.add(new ListSeries(labels, samples));
              }
            });
        return out;
      }

      @Override
      public List<String> labelNames(List<LabelMatcher> matchers) {
        TreeSet<String> names = new TreeSet<>();
        snapshot.keySet().stream()
            .filter(l -> matchers.stream().allMatch(m -> m.matches(l)))
            .forEach(l -> {
              for (int i = 0; i < l.size(); i++) {
                names.add(l.name(i));
              }
            });
        return List.copyOf(names);
      }

      @Override
      public List<String> labelValues(String name, List<LabelMatcher> matchers) {
        TreeSet<String> values = new TreeSet<>();
        snapshot.keySet().stream()
            .filter(l -> matchers.stream().allMatch(m -> m.matches(l)))
            .map(l -> l.get(name))
            .filter(v -> !v.isEmpty())
            .forEach(values::add);
        return List.copyOf(values);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public synchronized List<SeriesExemplars> exemplars(
      Tenant tenant, long minTime, long maxTime, List<List<LabelMatcher>> selectors) {
    selectors.forEach(ExemplarStore::checkSelector);
    List<SeriesExemplars> out = new ArrayList<>();
    exemplars
        .getOrDefault(tenant, new TreeMap<>())
        .forEach((labels, list) -> {
          if (selectors.stream().noneMatch(m -> m.stream().allMatch(x -> x.matches(labels)))) {
            return;
          }
          List<ExemplarSample> inRange =
              list.stream()
                  .filter(e -> e.timestamp() >= minTime && e.timestamp() <= maxTime)
                  .toList();
          if (!inRange.isEmpty()) {
            out.add(new SeriesExemplars(labels, inRange));
          }
        });
    return out;
  }

  private record ListSeries(Labels labels, NavigableMap<Long, Double> samples0) implements Series {
    @Override
    public SampleIterator samples() {
      long[] ts = new long[samples0.size()];
      double[] vs = new double[ts.length];
      int i = 0;
      for (Map.Entry<Long, Double> e : samples0.entrySet()) {
        ts[i] = e.getKey();
        vs[i++] = e.getValue();
      }
      return new ArraySampleIterator(ts, vs);
    }

    /**
     * Runs of {@link #RUN_LENGTH} samples: short, so that the engine tests and the conformance
     * files, whose series are short, exercise windows made of summaries and edge samples.
     */
    @Override
    public List<SampleRun> runs() {
      List<SampleRun> runs = new ArrayList<>();
      long[] ts = new long[RUN_LENGTH];
      double[] vs = new double[RUN_LENGTH];
      int n = 0;
      for (Map.Entry<Long, Double> e : samples0.entrySet()) {
        ts[n] = e.getKey();
        vs[n++] = e.getValue();
        if (n == RUN_LENGTH) {
          runs.add(new ArrayRun(ts, vs, n));
          ts = new long[RUN_LENGTH];
          vs = new double[RUN_LENGTH];
          n = 0;
        }
      }
      if (n > 0) {
        runs.add(new ArrayRun(ts, vs, n));
      }
      return runs;
    }
  }

  static final int RUN_LENGTH = 3;

  private static final class ArrayRun implements SampleRun {
    private final long[] ts;
    private final double[] vs;
    private final int n;
    private SampleSummary summary;
    private boolean summarized;

    ArrayRun(long[] ts, double[] vs, int n) {
      this.ts = ts;
      this.vs = vs;
      this.n = n;
    }

    @Override
    public long minTime() {
      return ts[0];
    }

    @Override
    public long maxTime() {
      return ts[n - 1];
    }

    @Override
    public SampleSummary summary() {
      if (!summarized) {
        summary = SampleSummary.of(samples());
        summarized = true;
      }
      return summary;
    }

    @Override
    public SampleIterator samples() {
      return new ArraySampleIterator(ts, vs, n);
    }
  }
}
