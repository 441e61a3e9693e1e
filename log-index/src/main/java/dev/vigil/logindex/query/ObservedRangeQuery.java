package dev.vigil.logindex.query;

import dev.vigil.logindex.store.LogFields;
import java.io.IOException;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;

/**
 * Documents whose observed time is in a range, in format 3 (the time plus {@link
 * LogFields#OBSERVED_DELTA}, checked document by document: a rare query, and one that plain search
 * usually runs within a time range anyway).
 */
final class ObservedRangeQuery extends Query {
  private final long lower;
  private final long upper;

  private ObservedRangeQuery(long lower, long upper) {
    this.lower = lower;
    this.upper = upper;
  }

  /** Over every format: the points of formats 1 and 2, the differences of format 3. */
  static Query between(long lower, long upper) {
    return new BooleanQuery.Builder()
        .add(LongPoint.newRangeQuery(LogFields.OBSERVED_TIMESTAMP, lower, upper), Occur.SHOULD)
        .add(new ObservedRangeQuery(lower, upper), Occur.SHOULD)
        .build();
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
    return new ConstantScoreWeight(this, boost) {
      @Override
      public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
        if (context.reader().getFieldInfos().fieldInfo(LogFields.OBSERVED_DELTA) == null) {
          return null;
        }
        NumericDocValues deltas = DocValues.getNumeric(context.reader(), LogFields.OBSERVED_DELTA);
        NumericDocValues times = DocValues.getNumeric(context.reader(), LogFields.TIMESTAMP);
        TwoPhaseIterator inRange =
            new TwoPhaseIterator(deltas) {
              @Override
              public boolean matches() throws IOException {
                if (!times.advanceExact(deltas.docID())) {
                  return false;
                }
                long observed = times.longValue() + deltas.longValue();
                return observed >= lower && observed <= upper;
              }

              @Override
              public float matchCost() {
                return 10;
              }
            };
        Scorer scorer = new ConstantScoreScorer(score(), scoreMode, inRange);
        return new ScorerSupplier() {
          @Override
          public Scorer get(long leadCost) {
            return scorer;
          }

          @Override
          public long cost() {
            return deltas.cost();
          }
        };
      }

      @Override
      public boolean isCacheable(LeafReaderContext ctx) {
        return DocValues.isCacheable(ctx, LogFields.OBSERVED_DELTA, LogFields.TIMESTAMP);
      }
    };
  }

  @Override
  public void visit(QueryVisitor visitor) {
    visitor.visitLeaf(this);
  }

  @Override
  public String toString(String field) {
    return LogFields.OBSERVED_TIMESTAMP + ":[" + lower + " TO " + upper + "]";
  }

  @Override
  public boolean equals(Object other) {
    return sameClassAs(other)
        && lower == ((ObservedRangeQuery) other).lower
        && upper == ((ObservedRangeQuery) other).upper;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * classHash() + Long.hashCode(lower)) + Long.hashCode(upper);
  }
}
