package dev.vigil.tsdb.head;

import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One tenant's inverted index: for every label name and value, the sorted refs of the series
 * carrying it. Refs grow monotonically, so adding a series appends to each of its postings lists
 * and keeps them sorted without a sort. Matchers resolve as Prometheus does: intersect the lists of
 * matchers that cannot match the empty string, then filter by the rest.
 *
 * <p>Resolved selections are kept until the set of series changes: rule groups ask the same
 * selectors every few seconds of a head whose series rarely change, and resolving (postings,
 * regular expressions, the sort by labels) would otherwise cost as much as reading the samples.
 */
final class PostingsIndex {
  /**
   * At most this many selections are kept. A full cache drops only those of an older set of series
   * and otherwise keeps what it has, so more selectors than fit, asked in turn, still hit for the
   * ones kept instead of evicting each other. Sized for the rules of 10,000 SLOs: Sloth's rules
   * select about eight series sets of each SLO's own (its recorded ratios by {@code sloth_id}),
   * some 80,000 selectors in all, which the 16,384 kept before resolved and sorted again at every
   * tick; an entry is about 150 bytes (20 MiB when full).
   */
  static final int MAX_SELECTIONS = 131_072;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final TreeMap<String, TreeMap<String, Postings>> byName = new TreeMap<>();
  private final Postings all = new Postings();
  private final SeriesRefMap series = new SeriesRefMap();

  /** Counts changes of the set of series; a selection made at another count is stale. */
  private long generation;

  private final ConcurrentHashMap<List<LabelMatcher>, Selection> selections =
      new ConcurrentHashMap<>();

  private record Selection(long generation, List<MemSeries> series) {}

  /** The generation of the kept selections; a selection of another one clears them first. */
  private volatile long keptGeneration;

  private static final Postings EMPTY = new Postings();

  /** A growable sorted array of series refs. */
  static final class Postings {
    long[] refs = new long[4];
    int size;

    void add(long ref) {
      if (size == refs.length) {
        refs = Arrays.copyOf(refs, size * 2);
      }
      refs[size++] = ref;
    }

    long[] snapshot() {
      return Arrays.copyOf(refs, size);
    }
  }

  void add(MemSeries s) {
    lock.writeLock().lock();
    try {
      generation++;
      series.put(s.ref, s);
      all.add(s.ref);
      Labels l = s.labels;
      for (int i = 0; i < l.size(); i++) {
        byName
            .computeIfAbsent(l.name(i), n -> new TreeMap<>())
            .computeIfAbsent(l.value(i), v -> new Postings())
            .add(s.ref);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes series (dropped from the head): rebuilds the lists they were in. */
  void remove(List<MemSeries> gone) {
    lock.writeLock().lock();
    try {
      generation++;
      java.util.HashSet<Long> refs = new java.util.HashSet<>();
      for (MemSeries s : gone) {
        if (series.remove(s.ref) != null) {
          refs.add(s.ref);
        }
      }
      filter(all, refs);
      for (MemSeries s : gone) {
        Labels l = s.labels;
        for (int i = 0; i < l.size(); i++) {
          TreeMap<String, Postings> values = byName.get(l.name(i));
          if (values == null) {
            continue;
          }
          Postings p = values.get(l.value(i));
          if (p != null) {
            filter(p, refs);
            if (p.size == 0) {
              values.remove(l.value(i));
            }
          }
          if (values.isEmpty()) {
            byName.remove(l.name(i));
          }
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static void filter(Postings p, java.util.Set<Long> refs) {
    int n = 0;
    for (int i = 0; i < p.size; i++) {
      if (!refs.contains(p.refs[i])) {
        p.refs[n++] = p.refs[i];
      }
    }
    p.size = n;
  }

  /** Every series, in label order. */
  List<MemSeries> all() {
    lock.readLock().lock();
    try {
      List<MemSeries> out = series.values();
      out.sort((a, b) -> a.labels.compareTo(b.labels));
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  int seriesCount() {
    lock.readLock().lock();
    try {
      return series.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The series matching every matcher, in label order; the list is immutable. */
  List<MemSeries> select(List<LabelMatcher> matchers) {
    lock.readLock().lock();
    try {
      Selection kept = selections.get(matchers);
      if (kept != null && kept.generation == generation) {
        return kept.series;
      }
      List<MemSeries> out = resolve(matchers);
      keep(List.copyOf(matchers), new Selection(generation, out));
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Keeps a selection unless the cache is full. The first selection of a new set of series drops
   * every kept one at once (they are all stale then); a full cache of the current set takes no
   * more, so more selectors than fit, asked in turn, still hit for the ones kept — and a miss costs
   * a resolution, not a walk over every kept selection to find none stale.
   */
  private void keep(List<LabelMatcher> matchers, Selection selection) {
    if (keptGeneration != selection.generation) {
      synchronized (selections) {
        if (keptGeneration != selection.generation) {
          selections.clear();
          keptGeneration = selection.generation;
        }
      }
    }
    if (selections.size() < MAX_SELECTIONS) {
      selections.put(matchers, selection);
    }
  }

  int keptSelections() {
    return selections.size();
  }

  /**
   * Called with the read lock held. Intersects the postings of the matchers that cannot match the
   * empty string from the shortest list up, each candidate looked up in the longer lists by
   * galloping search: an SLO's selector of its own recorded series (a dozen refs under its {@code
   * sloth_id}) costs a few hundred comparisons, not a walk over the 10,000 refs of the metric name
   * and the 150,000 of {@code sloth_service}.
   */
  private List<MemSeries> resolve(List<LabelMatcher> matchers) {
    List<Postings> lists = new ArrayList<>(matchers.size());
    for (LabelMatcher m : matchers) {
      if (m.matchesEmpty()) {
        continue;
      }
      Postings p = postingsFor(m);
      if (p.size == 0) {
        return List.of();
      }
      lists.add(p);
    }
    long[] candidates;
    int n;
    if (lists.isEmpty()) {
      candidates = all.refs;
      n = all.size;
    } else {
      lists.sort((a, b) -> Integer.compare(a.size, b.size));
      Postings shortest = lists.get(0);
      candidates = lists.size() == 1 ? shortest.refs : Arrays.copyOf(shortest.refs, shortest.size);
      n = shortest.size;
      for (int i = 1; i < lists.size() && n > 0; i++) {
        n = retain(candidates, n, lists.get(i));
      }
    }
    List<MemSeries> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      MemSeries s = series.get(candidates[i]);
      boolean ok = true;
      for (LabelMatcher m : matchers) {
        if (m.matchesEmpty() && !m.matches(s.labels)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        out.add(s);
      }
    }
    out.sort((a, b) -> a.labels.compareTo(b.labels));
    return List.copyOf(out);
  }

  /**
   * Keeps the first {@code n} sorted {@code candidates} that are also in {@code p}, in place;
   * returns how many remain.
   */
  static int retain(long[] candidates, int n, Postings p) {
    long[] refs = p.refs;
    int size = p.size;
    int kept = 0;
    int from = 0;
    for (int i = 0; i < n && from < size; i++) {
      long ref = candidates[i];
      from = gallop(refs, from, size, ref);
      if (from < size && refs[from] == ref) {
        candidates[kept++] = ref;
        from++;
      }
    }
    return kept;
  }

  /** The first index in {@code [from, size)} of sorted {@code refs} whose ref is ≥ {@code key}. */
  static int gallop(long[] refs, int from, int size, long key) {
    int step = 1;
    int lo = from;
    int hi = from;
    while (hi < size && refs[hi] < key) {
      lo = hi + 1;
      hi = from + step;
      step <<= 1;
    }
    hi = Math.min(hi, size);
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (refs[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The postings of the matcher: the list itself for {@code =} (read under the read lock, so not
   * copied), the union of the accepted values' lists otherwise.
   */
  private Postings postingsFor(LabelMatcher m) {
    TreeMap<String, Postings> values = byName.get(m.name());
    if (values == null) {
      return EMPTY;
    }
    if (m.type() == LabelMatcher.Type.EQUAL) {
      Postings p = values.get(m.value());
      return p == null ? EMPTY : p;
    }
    long[] union = new long[0];
    for (Map.Entry<String, Postings> e : values.entrySet()) {
      if (m.matches(e.getKey())) {
        union = merge(union, e.getValue().snapshot());
      }
    }
    Postings p = new Postings();
    p.refs = union;
    p.size = union.length;
    return p;
  }

  List<String> labelNames(List<LabelMatcher> matchers) {
    if (matchers.isEmpty()) {
      lock.readLock().lock();
      try {
        return List.copyOf(byName.keySet());
      } finally {
        lock.readLock().unlock();
      }
    }
    TreeSet<String> names = new TreeSet<>();
    for (MemSeries s : select(matchers)) {
      for (int i = 0; i < s.labels.size(); i++) {
        names.add(s.labels.name(i));
      }
    }
    return List.copyOf(names);
  }

  List<String> labelValues(String name, List<LabelMatcher> matchers) {
    if (matchers.isEmpty()) {
      lock.readLock().lock();
      try {
        TreeMap<String, Postings> values = byName.get(name);
        return values == null ? List.of() : List.copyOf(values.keySet());
      } finally {
        lock.readLock().unlock();
      }
    }
    TreeSet<String> values = new TreeSet<>();
    for (MemSeries s : select(matchers)) {
      String v = s.labels.get(name);
      if (!v.isEmpty()) {
        values.add(v);
      }
    }
    return List.copyOf(values);
  }

  static long[] merge(long[] a, long[] b) {
    long[] out = new long[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      long next;
      if (j >= b.length || (i < a.length && a[i] < b[j])) {
        next = a[i++];
      } else if (i >= a.length || b[j] < a[i]) {
        next = b[j++];
      } else {
        next = a[i++];
        j++;
      }
      out[n++] = next;
    }
    return Arrays.copyOf(out, n);
  }
}
