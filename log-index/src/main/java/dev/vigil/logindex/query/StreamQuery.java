package dev.vigil.logindex.query;

import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.StreamKey;
import dev.vigil.model.series.LabelMatcher;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * The documents of the streams that match a condition, in format-5 indexes: the condition is
 * checked against each segment's {@link StreamTable} and the query rewritten to the matching
 * streams' terms ({@link LogFields#STREAM_ID}), or, when another clause leads, to a check of each
 * candidate's stream ordinal. The condition is a LogQL selector (exact, every matcher type) or a
 * Lucene query on the fields the stream's records share ({@link StreamTable#isStreamField}).
 *
 * <p>An index with no format-5 segment (every segment of a partition has its format) gets the
 * fallback: a field query itself, which finds those formats' per-record fields; for a selector
 * every document, as its caller checks each record's labels.
 */
final class StreamQuery extends Query {
  private final List<LabelMatcher> selector;
  private final Query fieldQuery;
  private final Query fallback;

  private StreamQuery(List<LabelMatcher> selector, Query fieldQuery, Query fallback) {
    this.selector = selector;
    this.fieldQuery = fieldQuery;
    this.fallback = fallback;
  }

  /**
   * The streams a LogQL selector selects; in earlier formats every document (the caller checks each
   * record's labels anyway, and asks those formats' keyword terms itself: {@code SelectorQueries}).
   */
  static Query selecting(List<LabelMatcher> selector) {
    return new StreamQuery(List.copyOf(selector), null, new MatchAllDocsQuery());
  }

  /** The streams whose shared fields match {@code q}; {@code q} itself in earlier formats. */
  static Query onFields(Query q) {
    return q == null ? null : new StreamQuery(null, q, q);
  }

  @Override
  public Query rewrite(IndexSearcher searcher) throws IOException {
    if (!StreamTable.keyed(searcher)) {
      return fallback;
    }
    TreeSet<BytesRef> keys = new TreeSet<>();
    boolean all = true;
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      StreamTable t = StreamTable.of(leaf.reader());
      FixedBitSet matching = selector != null ? t.matching(selector) : t.matching(fieldQuery);
      all &= matching.cardinality() == t.size();
      for (int ord = matching.nextSetBit(0);
          ord != DocIdSetIterator.NO_MORE_DOCS;
          ord = ord + 1 < t.size() ? matching.nextSetBit(ord + 1) : DocIdSetIterator.NO_MORE_DOCS) {
        keys.add(t.value(ord));
      }
    }
    if (keys.isEmpty()) {
      return new MatchNoDocsQuery("no stream matches " + this);
    }
    if (all) {
      return new MatchAllDocsQuery(); // every format-5 document has a stream
    }
    List<BytesRef> ids = keys.stream().map(StreamKey::id).toList();
    return new IndexOrDocValuesQuery(
        new TermInSetQuery(LogFields.STREAM_ID, ids),
        SortedDocValuesField.newSlowSetQuery(LogFields.STREAM_KEY, keys));
  }

  @Override
  public void visit(QueryVisitor visitor) {
    if (visitor.acceptField(LogFields.STREAM_ID)) {
      visitor.visitLeaf(this);
    }
  }

  @Override
  public String toString(String field) {
    return selector != null ? "streams" + selector : "streams(" + fieldQuery.toString(field) + ")";
  }

  @Override
  public boolean equals(Object o) {
    return sameClassAs(o)
        && Objects.equals(selector, ((StreamQuery) o).selector)
        && Objects.equals(fieldQuery, ((StreamQuery) o).fieldQuery)
        && Objects.equals(fallback, ((StreamQuery) o).fallback);
  }

  @Override
  public int hashCode() {
    return Objects.hash(classHash(), selector, fieldQuery, fallback);
  }
}
