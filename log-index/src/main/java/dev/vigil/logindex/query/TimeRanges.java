package dev.vigil.logindex.query;

import dev.vigil.logindex.store.LogFields;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.search.IndexSortSortedNumericDocValuesRangeQuery;
import org.apache.lucene.search.Query;

/**
 * Time ranges. Every segment is sorted by time, so a range is two binary searches over the
 * timestamp doc values (or over the time points, in segments of formats 1 and 2 that have them):
 * documents of format 3 have no time point. The fallback, a scan of the doc values, stands in only
 * for a segment not sorted by time, which this store never writes; it must be the same range,
 * because the query also rewrites to it (a point query would match nothing in an index without
 * points).
 */
final class TimeRanges {
  private TimeRanges() {}

  static Query between(long startNanos, long endNanos) {
    return new IndexSortSortedNumericDocValuesRangeQuery(
        LogFields.TIMESTAMP,
        startNanos,
        endNanos,
        NumericDocValuesField.newSlowRangeQuery(LogFields.TIMESTAMP, startNanos, endNanos));
  }
}
