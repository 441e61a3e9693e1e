package dev.vigil.logindex.query;

import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.util.FixedBitSet;

/**
 * The exact selector check for one segment: each distinct stream of the segment is matched once
 * ({@link StreamTable}), then a document costs a doc-values lookup. Not thread-safe.
 */
final class StreamFilter {
  private final StreamTable table;
  private final SortedDocValues streams;
  private final FixedBitSet selected;

  StreamFilter(List<LabelMatcher> selector, LeafReader reader) throws IOException {
    this.table = StreamTable.of(reader);
    this.streams = table.docValues(reader);
    this.selected = table.matching(selector);
  }

  /** The document's stream ordinal in the segment's table when it is selected, else -1. */
  int ord(int doc) throws IOException {
    if (streams == null || !streams.advanceExact(doc)) {
      return -1;
    }
    int ord = streams.ordValue();
    return selected.get(ord) ? ord : -1;
  }

  /** The labels of stream {@code ord} of the segment. */
  Labels labelsOf(int ord) {
    return table.labels(ord);
  }

  /** The streams of the segment. */
  int streamCount() {
    return table.size();
  }

  /** The document's stream labels when its stream is selected, else null. */
  Labels labels(int doc) throws IOException {
    if (streams == null || !streams.advanceExact(doc)) {
      return null;
    }
    int ord = streams.ordValue();
    return selected.get(ord) ? table.labels(ord) : null;
  }
}
