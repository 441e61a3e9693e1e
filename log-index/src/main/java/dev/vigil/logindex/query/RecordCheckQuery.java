package dev.vigil.logindex.query;

import dev.vigil.logindex.store.LogFields;
import java.io.IOException;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;

/**
 * The documents of a term-level superset whose stored record passes a check: how an index that
 * keeps less than the question needs (id prefixes, a line without positions) still answers it
 * exactly. The check runs last, on the candidates every other clause has left.
 */
final class RecordCheckQuery extends Query {
  /** What a check reads: the record's {@code RecordCodec} bytes. */
  @FunctionalInterface
  interface Check {
    boolean test(BytesRef source);
  }

  private static final Set<String> SOURCE = Set.of(LogFields.SOURCE);

  private final Query candidates;
  private final Check check;
  private final String description;

  /**
   * @param description identifies the check: two queries with equal candidates and descriptions
   *     must match the same documents
   */
  RecordCheckQuery(Query candidates, Check check, String description) {
    this.candidates = candidates;
    this.check = check;
    this.description = description;
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost)
      throws IOException {
    Weight inner =
        searcher.createWeight(searcher.rewrite(candidates), ScoreMode.COMPLETE_NO_SCORES, 1f);
    return new ConstantScoreWeight(this, boost) {
      @Override
      public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
        ScorerSupplier in = inner.scorerSupplier(context);
        if (in == null) {
          return null;
        }
        StoredFields stored = context.reader().storedFields();
        float score = score();
        return new ScorerSupplier() {
          @Override
          public Scorer get(long leadCost) throws IOException {
            DocIdSetIterator approximation = in.get(leadCost).iterator();
            return new ConstantScoreScorer(
                score,
                scoreMode,
                new TwoPhaseIterator(approximation) {
                  @Override
                  public boolean matches() throws IOException {
                    BytesRef src =
                        stored
                            .document(approximation.docID(), SOURCE)
                            .getBinaryValue(LogFields.SOURCE);
                    return check.test(src);
                  }

                  @Override
                  public float matchCost() {
                    return 10_000; // a stored-fields read: after every cheaper clause
                  }
                });
          }

          @Override
          public long cost() {
            return in.cost();
          }
        };
      }

      @Override
      public boolean isCacheable(LeafReaderContext ctx) {
        return false; // answered from stored fields: not worth a cache entry
      }
    };
  }

  @Override
  public void visit(QueryVisitor visitor) {
    visitor.visitLeaf(this);
  }

  @Override
  public String toString(String field) {
    return description + " (checked on " + candidates.toString(field) + ")";
  }

  @Override
  public boolean equals(Object other) {
    return sameClassAs(other)
        && description.equals(((RecordCheckQuery) other).description)
        && candidates.equals(((RecordCheckQuery) other).candidates);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * classHash() + description.hashCode()) + candidates.hashCode();
  }
}
