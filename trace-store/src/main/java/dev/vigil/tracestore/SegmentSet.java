package dev.vigil.tracestore;

import dev.vigil.tracestore.segment.Segment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A tenant's published segments: an immutable list replaced as a whole, so readers take a
 * consistent snapshot without a lock, and flush, retention and compaction publish atomically.
 * Writers are serialized by the tenant's maintenance lock.
 */
final class SegmentSet {
  private volatile List<Segment> segments;

  SegmentSet(List<Segment> initial) {
    segments = List.copyOf(initial);
  }

  List<Segment> list() {
    return segments;
  }

  /** Publishes {@code added} (may be null) in place of {@code removed}. */
  void replace(Collection<Segment> removed, Segment added) {
    List<Segment> next = new ArrayList<>(segments);
    next.removeAll(removed);
    if (added != null) {
      next.add(added);
    }
    segments = List.copyOf(next);
  }

  /**
   * Takes a reference on every segment of one consistent list. A segment retired meanwhile by a
   * compaction means its replacement is already published: take the list again rather than read
   * around the hole. Release each with {@link Segment#release}.
   */
  List<Segment> acquireAll() throws IOException {
    while (true) {
      List<Segment> snapshot = segments;
      List<Segment> acquired = new ArrayList<>(snapshot.size());
      for (Segment s : snapshot) {
        if (!s.acquire()) {
          break;
        }
        acquired.add(s);
      }
      if (acquired.size() == snapshot.size()) {
        return acquired;
      }
      for (Segment s : acquired) {
        s.release();
      }
    }
  }

  long nextSequence() {
    long last = 0;
    for (Segment s : segments) {
      last = Math.max(last, s.meta().sequence());
    }
    return last + 1;
  }
}
