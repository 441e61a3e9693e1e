package dev.vigil.logindex.query;

import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.LogTokens;
import dev.vigil.logindex.store.PackedHex;
import java.util.Set;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.automaton.Operations;

/**
 * Lucene's classic query syntax over the log fields, {@code body} by default ({@code body:} asks
 * the format-1 body field and the format-2 line field alike, case-insensitively as before; regular
 * expression, fuzzy and range queries on {@code body} reach format-1 documents only). Numeric
 * fields ({@code timestamp}, {@code severity_number}, numeric attributes) get point queries for
 * exact values and ranges, so {@code attributes.http.status_code:[500 TO 599]} compares numbers.
 * Trace and span ids are looked up in every form they were indexed in ({@link IdQueries}); phrases
 * on the line also answer where it has no positions ({@link LinePhraseQuery}). The tenant, severity
 * and resource fields are asked of the streams in format 5 ({@link StreamQuery}).
 */
final class PlainQueryParser extends QueryParser {
  private final Set<String> fields;

  PlainQueryParser(Set<String> fields) {
    super(LogFields.BODY, new SearchAnalyzer());
    this.fields = fields;
    setAllowLeadingWildcard(true);
  }

  @Override
  protected Query getFieldQuery(String field, String text, boolean quoted) throws ParseException {
    if (field.equals(LogFields.BODY)) {
      return either(
          super.getFieldQuery(LogFields.BODY, text, quoted),
          LinePhraseQuery.of(super.getFieldQuery(LogFields.LINE, text, quoted)));
    }
    Query id = IdQueries.parse(field, text);
    if (id != null) {
      return id;
    }
    Query numeric = numeric(field, text, text, true, true);
    return stream(field, numeric != null ? numeric : super.getFieldQuery(field, text, quoted));
  }

  @Override
  protected Query getFieldQuery(String field, String text, int slop) throws ParseException {
    if (field.equals(LogFields.BODY)) {
      return either(
          super.getFieldQuery(LogFields.BODY, text, slop),
          LinePhraseQuery.of(super.getFieldQuery(LogFields.LINE, text, slop)));
    }
    return stream(field, super.getFieldQuery(field, text, slop));
  }

  // Wildcards on body: format-2 lines hold class-prefixed case-exact terms and, for those with
  // upper case, lowered ones; the pattern is lowered as the format-1 body was, and tried after each
  // class prefix.

  @Override
  protected Query getPrefixQuery(String field, String termStr) throws ParseException {
    Query q = super.getPrefixQuery(field, termStr);
    return field.equals(LogFields.BODY) ? either(q, lineWildcard(termStr + "*")) : stream(field, q);
  }

  @Override
  protected Query getWildcardQuery(String field, String termStr) throws ParseException {
    Query q = super.getWildcardQuery(field, termStr);
    return field.equals(LogFields.BODY) ? either(q, lineWildcard(termStr)) : stream(field, q);
  }

  @Override
  protected Query getRegexpQuery(String field, String termStr) throws ParseException {
    return stream(field, super.getRegexpQuery(field, termStr));
  }

  @Override
  protected Query getFuzzyQuery(String field, String termStr, float minSimilarity)
      throws ParseException {
    return stream(field, super.getFuzzyQuery(field, termStr, minSimilarity));
  }

  /**
   * A query on a field the records of a stream share is asked of the streams in format 5 ({@link
   * StreamQuery#onFields}), which keeps those fields once per stream instead of per record.
   */
  private static Query stream(String field, Query q) {
    return StreamTable.isStreamField(field) ? StreamQuery.onFields(q) : q;
  }

  private static Query lineWildcard(String pattern) {
    String lower = pattern.toLowerCase(java.util.Locale.ROOT);
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (char cls :
        new char[] {
          LogTokens.WORD_RUN, LogTokens.HEX_RUN, LogTokens.COMPOSITE, LogTokens.LOWERED
        }) {
      b.add(new WildcardQuery(new Term(LogFields.LINE, cls + lower)), Occur.SHOULD);
    }
    Query packed =
        PackedHex.matching(
            LogFields.LINE,
            WildcardQuery.toAutomaton(
                new Term(LogFields.LINE, lower), Operations.DEFAULT_DETERMINIZE_WORK_LIMIT));
    if (packed != null) {
      b.add(packed, Occur.SHOULD); // the long hex runs of format 3
    }
    return b.build();
  }

  private static Query either(Query a, Query b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return new BooleanQuery.Builder().add(a, Occur.SHOULD).add(b, Occur.SHOULD).build();
  }

  @Override
  protected Query getRangeQuery(String field, String lo, String hi, boolean loInc, boolean hiInc)
      throws ParseException {
    Query numeric = numeric(field, lo, hi, loInc, hiInc);
    return stream(
        field, numeric != null ? numeric : super.getRangeQuery(field, lo, hi, loInc, hiInc));
  }

  private Query numeric(String field, String lo, String hi, boolean loInc, boolean hiInc)
      throws ParseException {
    boolean open = lo == null || lo.equals("*");
    boolean openHi = hi == null || hi.equals("*");
    try {
      if (field.equals(LogFields.TIMESTAMP) || field.equals(LogFields.OBSERVED_TIMESTAMP)) {
        long a = open ? Long.MIN_VALUE : Long.parseLong(lo) + (loInc ? 0 : 1);
        long b = openHi ? Long.MAX_VALUE : Long.parseLong(hi) - (hiInc ? 0 : 1);
        return field.equals(LogFields.TIMESTAMP)
            ? TimeRanges.between(a, b)
            : ObservedRangeQuery.between(a, b);
      }
      if (field.equals(LogFields.SEVERITY_NUMBER)) {
        int a = open ? Integer.MIN_VALUE : Integer.parseInt(lo) + (loInc ? 0 : 1);
        int b = openHi ? Integer.MAX_VALUE : Integer.parseInt(hi) - (hiInc ? 0 : 1);
        return IntPoint.newRangeQuery(field, a, b);
      }
      String points = field + LogFields.NUMERIC_SUFFIX;
      if (fields.contains(points)) {
        double a = open ? Double.NEGATIVE_INFINITY : Double.parseDouble(lo);
        double b = openHi ? Double.POSITIVE_INFINITY : Double.parseDouble(hi);
        a = loInc || open ? a : DoublePoint.nextUp(a);
        b = hiInc || openHi ? b : DoublePoint.nextDown(b);
        return DoublePoint.newRangeQuery(points, a, b);
      }
      return null;
    } catch (NumberFormatException e) {
      if (fields.contains(field + LogFields.NUMERIC_SUFFIX)) {
        return null; // also a keyword field: compare as text
      }
      throw new ParseException(
          "field " + field + " is numeric; '" + lo + "'/'" + hi + "' is not a number");
    }
  }
}
