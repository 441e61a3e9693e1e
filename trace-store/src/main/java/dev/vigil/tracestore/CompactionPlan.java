package dev.vigil.tracestore;

import dev.vigil.tracestore.segment.Segment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses what to merge: segments written in the same past window (so time retention still deletes
 * about a window at a time), oldest window first, up to the target size. The window still being
 * written is left alone, since flushes keep adding to it.
 */
final class CompactionPlan {
  private CompactionPlan() {}

  /** Two or more segments to merge, in sequence order, or an empty list when none qualify. */
  static List<Segment> pick(
      List<Segment> segments, long windowMillis, long targetBytes, long nowMillis) {
    long current = Math.floorDiv(nowMillis, windowMillis);
    Map<Long, List<Segment>> byWindow = new TreeMap<>();
    for (Segment s : segments) {
      long w = Math.floorDiv(s.meta().createdUnixMillis(), windowMillis);
      if (w < current) {
        byWindow.computeIfAbsent(w, k -> new ArrayList<>()).add(s);
      }
    }
    for (List<Segment> window : byWindow.values()) {
      window.sort(Comparator.comparingLong(s -> s.meta().sequence()));
      List<Segment> chosen = new ArrayList<>();
      long total = 0;
      for (Segment s : window) {
        long size = s.meta().sizeBytes();
        if (total + size > targetBytes) {
          if (chosen.size() >= 2) {
            return chosen;
          }
          // Too big to join what came before: start over from this segment.
          chosen.clear();
          total = 0;
          if (size > targetBytes) {
            continue;
          }
        }
        chosen.add(s);
        total += size;
      }
      if (chosen.size() >= 2) {
        return chosen;
      }
    }
    return List.of();
  }
}
