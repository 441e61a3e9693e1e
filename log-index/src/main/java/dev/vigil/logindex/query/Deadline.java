package dev.vigil.logindex.query;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.search.IndexSearcher;

/**
 * When one query must be done. Checked before each partition is searched and, through Lucene's
 * {@link QueryTimeout}, between the windows of documents a search scores, so a query that verifies
 * a line filter on every record of a large partition stops too, not only one that collects. A query
 * past its deadline fails whole: a partial answer would read as a complete one.
 */
final class Deadline implements QueryTimeout {
  private final Duration limit;
  private final LongSupplier nanoTime;
  private final long end;

  Deadline(Duration limit, LongSupplier nanoTime) {
    this.limit = limit;
    this.nanoTime = nanoTime;
    this.end = nanoTime.getAsLong() + limit.toNanos();
  }

  static Deadline after(Duration limit) {
    return new Deadline(limit, System::nanoTime);
  }

  @Override
  public boolean shouldExit() {
    return nanoTime.getAsLong() - end >= 0;
  }

  void check() throws QueryTimeoutException {
    if (shouldExit()) {
      throw new QueryTimeoutException(limit);
    }
  }

  /**
   * A searcher over the same reader that stops at this deadline: its own, as the partition's is
   * shared by concurrent queries with deadlines of their own.
   */
  IndexSearcher bound(IndexSearcher shared) {
    IndexSearcher s = new IndexSearcher(shared.getIndexReader());
    s.setQueryCache(shared.getQueryCache());
    s.setQueryCachingPolicy(shared.getQueryCachingPolicy());
    s.setTimeout(this);
    return s;
  }

  /** Throws when a search by a {@link #bound} searcher stopped early. */
  void checkAfter(IndexSearcher searcher) throws QueryTimeoutException {
    if (searcher.timedOut()) {
      throw new QueryTimeoutException(limit);
    }
  }
}
