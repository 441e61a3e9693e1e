package dev.vigil.logindex.query;

import dev.vigil.logindex.store.IdTerms;
import dev.vigil.logindex.store.LogFields;
import java.util.Set;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.Query;

/**
 * Lucene's classic query syntax over the log fields, {@code body} by default. Numeric fields
 * ({@code timestamp}, {@code severity_number}, numeric attributes) get point queries for exact
 * values and ranges, so {@code attributes.http.status_code:[500 TO 599]} compares numbers. Trace
 * and span ids are looked up in their binary and hex forms ({@link IdTerms}).
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
    Query id = IdTerms.parse(field, text);
    if (id != null) {
      return id;
    }
    Query numeric = numeric(field, text, text, true, true);
    return numeric != null ? numeric : super.getFieldQuery(field, text, quoted);
  }

  @Override
  protected Query getRangeQuery(String field, String lo, String hi, boolean loInc, boolean hiInc)
      throws ParseException {
    Query numeric = numeric(field, lo, hi, loInc, hiInc);
    return numeric != null ? numeric : super.getRangeQuery(field, lo, hi, loInc, hiInc);
  }

  private Query numeric(String field, String lo, String hi, boolean loInc, boolean hiInc)
      throws ParseException {
    boolean open = lo == null || lo.equals("*");
    boolean openHi = hi == null || hi.equals("*");
    try {
      if (field.equals(LogFields.TIMESTAMP) || field.equals(LogFields.OBSERVED_TIMESTAMP)) {
        long a = open ? Long.MIN_VALUE : Long.parseLong(lo) + (loInc ? 0 : 1);
        long b = openHi ? Long.MAX_VALUE : Long.parseLong(hi) - (hiInc ? 0 : 1);
        return LongPoint.newRangeQuery(field, a, b);
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
