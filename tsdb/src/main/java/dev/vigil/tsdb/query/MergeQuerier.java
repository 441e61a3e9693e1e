package dev.vigil.tsdb.query;

import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesQuerier;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Merges queriers ordered from oldest to newest data. Series with equal labels become one series
 * whose samples are merged by time; on equal timestamps the newest querier's sample wins (it holds
 * the later write) and the others are dropped, so overlapping blocks and a head still holding
 * persisted samples never yield duplicates. Closing closes every source, then runs {@code onClose}
 * (which releases the blocks the querier pinned).
 */
public final class MergeQuerier implements SeriesQuerier {
  private final List<SeriesQuerier> sources;
  private final Runnable onClose;
  private boolean closed;

  public MergeQuerier(List<SeriesQuerier> sourcesOldestFirst, Runnable onClose) {
    this.sources = List.copyOf(sourcesOldestFirst);
    this.onClose = onClose;
  }

  private record Cursor(List<Series> list, int priority, int[] pos) {
    Series current() {
      return list.get(pos[0]);
    }
  }

  @Override
  public List<Series> select(List<LabelMatcher> matchers) {
    if (matchers.stream().allMatch(LabelMatcher::matchesEmpty)) {
      throw new IllegalArgumentException(
          "a selector needs at least one matcher that does not match the empty string");
    }
    if (sources.size() == 1) {
      return sources.get(0).select(matchers);
    }
    List<List<Series>> lists = new ArrayList<>(sources.size());
    List<Integer> priorities = new ArrayList<>(sources.size());
    for (int i = 0; i < sources.size(); i++) {
      List<Series> l = sources.get(i).select(matchers);
      if (!l.isEmpty()) {
        lists.add(l);
        priorities.add(i);
      }
    }
    if (lists.isEmpty()) {
      return List.of();
    }
    if (lists.size() == 1) {
      return lists.get(0);
    }
    if (lists.size() == 2) {
      return mergeTwo(lists.get(0), lists.get(1));
    }
    PriorityQueue<Cursor> queue =
        new PriorityQueue<>((a, b) -> {
          int c = a.current().labels().compareTo(b.current().labels());
          return c != 0 ? c : Integer.compare(a.priority, b.priority);
        });
    for (int i = 0; i < lists.size(); i++) {
      queue.add(new Cursor(lists.get(i), priorities.get(i), new int[] {0}));
    }
    List<Series> out = new ArrayList<>();
    List<Series> group = new ArrayList<>();
    while (!queue.isEmpty()) {
      Labels labels = queue.peek().current().labels();
      group.clear();
      while (!queue.isEmpty() && queue.peek().current().labels().equals(labels)) {
        Cursor c = queue.poll();
        group.add(c.current());
        if (++c.pos[0] < c.list.size()) {
          queue.add(c);
        }
      }
      out.add(group.size() == 1 ? group.get(0) : new MergedSeries(labels, List.copyOf(group)));
    }
    return out;
  }

  /**
   * The common case of a block and the head (or two blocks): one pass over both label-ordered
   * lists, without the queue. {@code older} comes first in a merged series, as in the queue.
   */
  private static List<Series> mergeTwo(List<Series> older, List<Series> newer) {
    List<Series> out = new ArrayList<>(Math.max(older.size(), newer.size()));
    int i = 0;
    int j = 0;
    while (i < older.size() && j < newer.size()) {
      Series a = older.get(i);
      Series b = newer.get(j);
      int c = a.labels().compareTo(b.labels());
      if (c < 0) {
        out.add(a);
        i++;
      } else if (c > 0) {
        out.add(b);
        j++;
      } else {
        out.add(new MergedSeries(a.labels(), List.of(a, b)));
        i++;
        j++;
      }
    }
    out.addAll(older.subList(i, older.size()));
    out.addAll(newer.subList(j, newer.size()));
    return out;
  }

  @Override
  public List<String> labelNames(List<LabelMatcher> matchers) {
    TreeSet<String> names = new TreeSet<>();
    for (SeriesQuerier q : sources) {
      names.addAll(q.labelNames(matchers));
    }
    return List.copyOf(names);
  }

  @Override
  public List<String> labelValues(String name, List<LabelMatcher> matchers) {
    TreeSet<String> values = new TreeSet<>();
    for (SeriesQuerier q : sources) {
      values.addAll(q.labelValues(name, matchers));
    }
    return List.copyOf(values);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (SeriesQuerier q : sources) {
        q.close();
      }
    } finally {
      onClose.run();
    }
  }
}
