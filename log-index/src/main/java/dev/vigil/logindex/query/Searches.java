package dev.vigil.logindex.query;

import dev.vigil.logindex.logql.Expr.LogQuery;
import dev.vigil.logindex.logql.Stage;
import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

/** Building the Lucene prefilter of a log query, and running a collector with it. */
final class Searches {
  private Searches() {}

  /** Time range, selector terms and line-filter terms of {@code q} for this searcher's index. */
  static Query prefilter(IndexSearcher searcher, LogQuery q, long startNanos, long endNanos)
      throws IOException {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(TimeRanges.between(startNanos, endNanos), Occur.FILTER);
    if (StreamTable.keyed(searcher)) {
      // Format 5: the selector exactly, against the segments' streams.
      b.add(StreamQuery.selecting(q.selector()), Occur.FILTER);
    } else {
      for (Query s : SelectorQueries.of(q.selector(), fieldNames(searcher))) {
        b.add(s, Occur.FILTER);
      }
    }
    // Parsers and label filters keep the line; only line_format changes what later filters see.
    for (Stage stage : q.pipeline()) {
      if (stage instanceof Stage.LineFormat) {
        break;
      }
      if (stage instanceof Stage.LineFilter f) {
        Query lf = LineFilterQueries.of(f);
        if (lf != null) {
          b.add(lf, Occur.FILTER);
        }
      }
    }
    return new ConstantScoreQuery(b.build());
  }

  /**
   * The fields of the searcher's index, with those of format 5's stream keys named as earlier
   * formats named them per record.
   */
  static Set<String> fieldNames(IndexSearcher searcher) throws IOException {
    Set<String> names = new HashSet<>();
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      for (FieldInfo fi : leaf.reader().getFieldInfos()) {
        names.add(fi.name);
      }
      StreamTable t = StreamTable.of(leaf.reader());
      if (t.keyed()) {
        names.addAll(t.fieldNames());
      }
    }
    return names;
  }

  /**
   * Runs one collector over every segment, stopping at the deadline. The searchers have no
   * executor, so Lucene uses the manager's collectors one after another and sharing a single
   * instance is safe.
   */
  static void run(IndexSearcher searcher, Query query, Collector collector, Deadline deadline)
      throws IOException, QueryTimeoutException {
    deadline.check();
    IndexSearcher bound = deadline.bound(searcher);
    bound.search(
        query,
        new CollectorManager<Collector, Void>() {
          @Override
          public Collector newCollector() {
            return collector;
          }

          @Override
          public Void reduce(Collection<Collector> collectors) {
            return null;
          }
        });
    deadline.checkAfter(bound);
  }
}
