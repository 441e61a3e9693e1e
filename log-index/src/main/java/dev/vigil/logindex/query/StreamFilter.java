package dev.vigil.logindex.query;

import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.StreamLabels;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedDocValues;

/**
 * The exact selector check for one segment: each distinct stream of the segment is decoded and
 * matched once, then a document costs a doc-values lookup. Not thread-safe.
 */
final class StreamFilter {
  private final List<LabelMatcher> selector;
  private final SortedDocValues streams;
  private final Labels[] labels;
  private final byte[] state; // 0 unknown, 1 selected, 2 not

  StreamFilter(List<LabelMatcher> selector, LeafReader reader) throws IOException {
    this.selector = selector;
    this.streams = DocValues.getSorted(reader, LogFields.STREAM);
    this.labels = new Labels[streams.getValueCount()];
    this.state = new byte[streams.getValueCount()];
  }

  /** The document's stream labels when its stream is selected, else null. */
  Labels labels(int doc) throws IOException {
    if (!streams.advanceExact(doc)) {
      return null;
    }
    int ord = streams.ordValue();
    if (state[ord] == 0) {
      Labels l = StreamLabels.decode(streams.lookupOrd(ord));
      boolean ok = true;
      for (LabelMatcher m : selector) {
        if (!m.matches(l)) {
          ok = false;
          break;
        }
      }
      labels[ord] = l;
      state[ord] = (byte) (ok ? 1 : 2);
    }
    return state[ord] == 1 ? labels[ord] : null;
  }
}
