package dev.vigil.logindex.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.search.IndexSearcher;

/** Searchers held for one query; closing releases them. Not thread-safe: one query, one thread. */
public final class Lease implements AutoCloseable {
  /** One partition's searcher. */
  public record Held(PartitionSpan span, IndexSearcher searcher, Partition partition) {}

  private final List<Held> held = new ArrayList<>();

  void add(Partition p, IndexSearcher s) {
    held.add(new Held(p.span(), s, p));
  }

  boolean has(PartitionSpan span) {
    return held.stream().anyMatch(h -> h.span().equals(span));
  }

  void sortNewestFirst() {
    held.sort(Comparator.comparingLong((Held h) -> h.span().endNanos()).reversed());
  }

  /** Newest partition first. */
  public List<Held> searchers() {
    return List.copyOf(held);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Held h : held) {
      try {
        h.partition().release(h.searcher());
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    held.clear();
    if (first != null) {
      throw first;
    }
  }
}
