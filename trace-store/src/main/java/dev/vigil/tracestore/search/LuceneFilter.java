package dev.vigil.tracestore.search;

import dev.vigil.tracestore.query.Condition;
import dev.vigil.tracestore.query.Expr;
import dev.vigil.tracestore.query.Field;
import dev.vigil.tracestore.query.Literal;
import dev.vigil.tracestore.query.Op;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PointRangeQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Translates a filter into a Lucene query with the semantics of {@link
 * dev.vigil.tracestore.query.SpanPredicate}. Regular expressions run as java.util.regex over the
 * field's terms (not Lucene's own regex dialect), so both paths accept the same syntax.
 */
final class LuceneFilter {
  private final IndexReader reader;

  LuceneFilter(IndexReader reader) {
    this.reader = reader;
  }

  Query query(Expr e) throws IOException {
    return switch (e) {
      case null -> new MatchAllDocsQuery();
      case Expr.And a ->
          new BooleanQuery.Builder()
              .add(query(a.left()), Occur.FILTER)
              .add(query(a.right()), Occur.FILTER)
              .build();
      case Expr.Or o ->
          new BooleanQuery.Builder()
              .add(query(o.left()), Occur.SHOULD)
              .add(query(o.right()), Occur.SHOULD)
              .setMinimumNumberShouldMatch(1)
              .build();
      case Condition c -> condition(c);
    };
  }

  private Query condition(Condition c) throws IOException {
    Field f = c.field();
    if (f == Field.Intrinsic.DURATION) {
      return duration(c.op(), ((Literal.Duration) c.value()).nanos());
    }
    if (f == Field.Intrinsic.STATUS || f == Field.Intrinsic.KIND) {
      String v =
          c.value() instanceof Literal.Status s
              ? s.code().name().toLowerCase(Locale.ROOT)
              : ((Literal.Kind) c.value()).kind().name().toLowerCase(Locale.ROOT);
      String field = f == Field.Intrinsic.STATUS ? SpanFields.STATUS : SpanFields.KIND;
      Query eq = new TermQuery(new Term(field, v));
      return c.op() == Op.EQ ? eq : not(new MatchAllDocsQuery(), eq);
    }
    boolean numeric = c.value() instanceof Literal.Num;
    String[] fields = SpanFields.textFields(f);
    if (numeric) {
      for (int i = 0; i < fields.length; i++) {
        fields[i] = SpanFields.NUMERIC + fields[i];
      }
    }
    boolean negated = c.op() == Op.NE || c.op() == Op.NOT_MATCH;
    List<Query> positives = new ArrayList<>(fields.length);
    List<Query> presence = new ArrayList<>(fields.length);
    for (String field : fields) {
      positives.add(positive(field, negated ? positiveOf(c.op()) : c.op(), c.value()));
      presence.add(presence(field, numeric));
    }
    Query any = or(positives);
    return negated ? not(or(presence), any) : any;
  }

  /**
   * Spans with any value in {@code field}: every term (text) or the whole point range (numbers).
   * Cheaper than indexing a presence marker per attribute, which cost a third of indexing time.
   */
  private static Query presence(String field, boolean numeric) {
    if (SpanFields.alwaysPresent(field)) {
      return new MatchAllDocsQuery();
    }
    if (numeric) {
      byte[] min = new byte[Double.BYTES];
      byte[] max = new byte[Double.BYTES];
      java.util.Arrays.fill(max, (byte) 0xFF);
      return new PointRangeQuery(field, min, max, 1) {
        @Override
        protected String toString(int dimension, byte[] value) {
          return "*";
        }
      };
    }
    return new TermRangeQuery(field, null, null, true, true);
  }

  private static Op positiveOf(Op op) {
    return op == Op.NE ? Op.EQ : Op.MATCH;
  }

  private Query positive(String field, Op op, Literal lit) throws IOException {
    return switch (lit) {
      case Literal.Num n -> numeric(field, op, n.value());
      case Literal.Regex r -> regex(field, r.pattern());
      case Literal.Bool b -> new TermQuery(new Term(field, Boolean.toString(b.value())));
      case Literal.Str s ->
          switch (op) {
            case EQ -> new TermQuery(new Term(field, s.value()));
            case GT -> TermRangeQuery.newStringRange(field, s.value(), null, false, true);
            case GE -> TermRangeQuery.newStringRange(field, s.value(), null, true, true);
            case LT -> TermRangeQuery.newStringRange(field, null, s.value(), true, false);
            case LE -> TermRangeQuery.newStringRange(field, null, s.value(), true, true);
            default -> throw new IllegalStateException("BUG: " + op + " on text");
          };
      default -> throw new IllegalStateException("BUG: literal " + lit + " on " + field);
    };
  }

  private static Query numeric(String field, Op op, double v) {
    // NaN sorts above +Inf in both Double.compare and DoublePoint.
    double top = Double.NaN;
    return switch (op) {
      case EQ -> DoublePoint.newExactQuery(field, v);
      case GT -> DoublePoint.newRangeQuery(field, Math.nextUp(v), top);
      case GE -> DoublePoint.newRangeQuery(field, v, top);
      case LT -> DoublePoint.newRangeQuery(field, Double.NEGATIVE_INFINITY, Math.nextDown(v));
      case LE -> DoublePoint.newRangeQuery(field, Double.NEGATIVE_INFINITY, v);
      default -> throw new IllegalStateException("BUG: " + op + " on numbers");
    };
  }

  private static Query duration(Op op, long nanos) {
    String f = SpanFields.DURATION;
    return switch (op) {
      case EQ -> LongPoint.newExactQuery(f, nanos);
      case NE -> not(new MatchAllDocsQuery(), LongPoint.newExactQuery(f, nanos));
      case GT ->
          nanos == Long.MAX_VALUE
              ? new MatchNoDocsQuery()
              : LongPoint.newRangeQuery(f, nanos + 1, Long.MAX_VALUE);
      case GE -> LongPoint.newRangeQuery(f, nanos, Long.MAX_VALUE);
      case LT ->
          nanos == Long.MIN_VALUE
              ? new MatchNoDocsQuery()
              : LongPoint.newRangeQuery(f, Long.MIN_VALUE, nanos - 1);
      case LE -> LongPoint.newRangeQuery(f, Long.MIN_VALUE, nanos);
      default -> throw new IllegalStateException("BUG: " + op + " on duration");
    };
  }

  /** The terms of {@code field} that {@code pattern} matches in full. */
  private Query regex(String field, Pattern pattern) throws IOException {
    Terms terms = MultiTerms.getTerms(reader, field);
    if (terms == null) {
      return new MatchNoDocsQuery();
    }
    List<BytesRef> hits = new ArrayList<>();
    TermsEnum it = terms.iterator();
    for (BytesRef t = it.next(); t != null; t = it.next()) {
      if (pattern.matcher(t.utf8ToString()).matches()) {
        hits.add(BytesRef.deepCopyOf(t));
      }
    }
    return hits.isEmpty() ? new MatchNoDocsQuery() : new TermInSetQuery(field, hits);
  }

  private static Query or(List<Query> qs) {
    if (qs.size() == 1) {
      return qs.get(0);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
    qs.forEach(q -> b.add(q, Occur.SHOULD));
    return b.build();
  }

  private static Query not(Query base, Query excluded) {
    return new BooleanQuery.Builder().add(base, Occur.FILTER).add(excluded, Occur.MUST_NOT).build();
  }
}
