package dev.vigil.tsdb.head;

import dev.vigil.model.series.ExemplarSample;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesExemplars;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One tenant's exemplars: a ring of fixed capacity in which the newest exemplar overwrites the
 * oldest, whatever its series, as Prometheus' circular exemplar storage does. Exemplars are
 * pointers to traces, worth keeping only while they are recent, so memory stays bounded however
 * many series carry them.
 *
 * <p>Each slot records the sequence number it holds and the sequence number of its series' previous
 * exemplar, so a series' exemplars are a chain walked from its newest; a link whose slot has been
 * overwritten since ends the chain. The arrays grow by doubling up to the capacity, so a tenant
 * that sends few exemplars holds little. Thread-safe.
 */
final class ExemplarBuffer {
  enum Outcome {
    APPENDED,
    DUPLICATE,
    OUT_OF_ORDER
  }

  private static final int INITIAL_SLOTS = 256;

  private final int capacity;
  private Labels[] series = new Labels[0];
  private Labels[] labels = new Labels[0];
  private double[] values = new double[0];
  private long[] times = new long[0];
  private long[] seqs = new long[0];
  private long[] previous = new long[0];
  private final Map<Labels, Long> newest = new HashMap<>();
  private long nextSeq;

  ExemplarBuffer(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("an exemplar buffer needs room, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** The series' newest exemplar, or null. */
  synchronized ExemplarSample newestOf(Labels seriesLabels) {
    Long seq = newest.get(seriesLabels);
    return seq == null ? null : at(slot(seq));
  }

  /**
   * Adds an exemplar unless it repeats the series' newest exactly or is older than it; the oldest
   * exemplar in the buffer makes room when it is full.
   */
  synchronized Outcome add(Labels seriesLabels, ExemplarSample e) {
    Long head = newest.get(seriesLabels);
    if (head != null) {
      // Compared in place: building the newest as an ExemplarSample would check its labels again.
      int last = slot(head);
      if (e.timestamp() == times[last]
          && Double.doubleToRawLongBits(e.value()) == Double.doubleToRawLongBits(values[last])
          && e.labels().equals(labels[last])) {
        return Outcome.DUPLICATE;
      }
      if (e.timestamp() < times[last]) {
        return Outcome.OUT_OF_ORDER;
      }
    }
    if (nextSeq == seqs.length && seqs.length < capacity) {
      grow();
    }
    int slot = slot(nextSeq);
    if (nextSeq >= seqs.length) {
      Labels evicted = series[slot];
      Long evictedHead = newest.get(evicted);
      if (evictedHead != null && evictedHead == seqs[slot]) {
        newest.remove(evicted);
      }
    }
    series[slot] = seriesLabels;
    labels[slot] = e.labels();
    values[slot] = e.value();
    times[slot] = e.timestamp();
    seqs[slot] = nextSeq;
    previous[slot] = head == null ? -1 : head;
    newest.put(seriesLabels, nextSeq);
    nextSeq++;
    return Outcome.APPENDED;
  }

  /** The series matching any selector with exemplars in {@code [minTime, maxTime]}. */
  synchronized List<SeriesExemplars> select(
      long minTime, long maxTime, List<List<LabelMatcher>> selectors) {
    List<SeriesExemplars> out = new ArrayList<>();
    for (Map.Entry<Labels, Long> entry : newest.entrySet()) {
      if (!matchesAny(entry.getKey(), selectors)) {
        continue;
      }
      List<ExemplarSample> found = new ArrayList<>();
      for (long seq = entry.getValue(); seq >= 0 && isHeld(seq); seq = previous[slot(seq)]) {
        long t = times[slot(seq)];
        if (t < minTime) {
          break; // a chain runs newest to oldest in time
        }
        if (t <= maxTime) {
          found.add(at(slot(seq)));
        }
      }
      if (!found.isEmpty()) {
        Collections.reverse(found);
        out.add(new SeriesExemplars(entry.getKey(), found));
      }
    }
    out.sort((x, y) -> x.seriesLabels().compareTo(y.seriesLabels()));
    return out;
  }

  /** Exemplars held. */
  synchronized int size() {
    return (int) Math.min(nextSeq, seqs.length);
  }

  /** Series with at least one exemplar held. */
  synchronized int seriesCount() {
    return newest.size();
  }

  private static boolean matchesAny(Labels l, List<List<LabelMatcher>> selectors) {
    for (List<LabelMatcher> selector : selectors) {
      boolean all = true;
      for (LabelMatcher m : selector) {
        if (!m.matches(l)) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private boolean isHeld(long seq) {
    return seqs.length > 0 && seqs[slot(seq)] == seq;
  }

  private int slot(long seq) {
    return (int) (seq % seqs.length);
  }

  private ExemplarSample at(int slot) {
    return new ExemplarSample(labels[slot], values[slot], times[slot]);
  }

  /** Only before the first wrap, so every held sequence number keeps its slot. */
  private void grow() {
    int n = (int) Math.min(capacity, Math.max(INITIAL_SLOTS, 2L * seqs.length));
    series = java.util.Arrays.copyOf(series, n);
    labels = java.util.Arrays.copyOf(labels, n);
    values = java.util.Arrays.copyOf(values, n);
    times = java.util.Arrays.copyOf(times, n);
    previous = java.util.Arrays.copyOf(previous, n);
    long[] s = java.util.Arrays.copyOf(seqs, n);
    java.util.Arrays.fill(s, seqs.length, n, -1);
    seqs = s;
  }
}
