package dev.vigil.logindex.query;

import dev.vigil.logindex.store.Lease;
import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.LogLine;
import dev.vigil.logindex.store.LogReader;
import dev.vigil.logindex.store.RecordCodec;
import dev.vigil.logindex.store.StoredRecord;
import dev.vigil.logindex.store.StreamLabels;
import dev.vigil.model.Tenant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.BytesRef;

/**
 * Lucene-query search, newest first. The sort is the index sort, so each partition stops after its
 * first {@code limit} hits; partitions are visited newest first and skipped once the result is full
 * of lines newer than they hold.
 */
final class PlainSearch {
  private static final Sort NEWEST_FIRST =
      new Sort(new SortField(LogFields.TIMESTAMP, SortField.Type.LONG, true));
  private static final Set<String> SOURCE = Set.of(LogFields.SOURCE);

  private PlainSearch() {}

  static List<LogEntry> run(
      LogReader reader,
      Tenant tenant,
      String query,
      long start,
      long end,
      int limit,
      Deadline deadline)
      throws QueryException, IOException {
    try (Lease lease = reader.acquire(tenant, start, end)) {
      List<LogEntry> all = new ArrayList<>();
      for (Lease.Held h : lease.searchers()) {
        if (all.size() >= limit && h.span().endNanos() <= all.get(limit - 1).timestampNanos()) {
          break;
        }
        Query q;
        try {
          q = new PlainQueryParser(Searches.fieldNames(h.searcher())).parse(query);
        } catch (ParseException e) {
          throw new QueryException("invalid Lucene query '" + query + "': " + e.getMessage(), e);
        }
        collect(h.searcher(), q, start, end, limit, all, deadline);
      }
      return top(all, limit);
    }
  }

  static List<LogEntry> run(
      LogReader reader, Tenant tenant, Query q, long start, long end, int limit, Deadline deadline)
      throws IOException, QueryException {
    try (Lease lease = reader.acquire(tenant, start, end)) {
      List<LogEntry> all = new ArrayList<>();
      for (Lease.Held h : lease.searchers()) {
        collect(h.searcher(), q, start, end, limit, all, deadline);
      }
      return top(all, limit);
    }
  }

  private static void collect(
      IndexSearcher shared,
      Query q,
      long start,
      long end,
      int limit,
      List<LogEntry> out,
      Deadline deadline)
      throws IOException, QueryException {
    deadline.check();
    IndexSearcher searcher = deadline.bound(shared);
    TopFieldDocs hits =
        searcher.search(LogQueryEngine.filtered(q, start, end).build(), limit, NEWEST_FIRST);
    deadline.checkAfter(searcher);
    StoredFields stored = searcher.storedFields();
    for (ScoreDoc d : hits.scoreDocs) {
      BytesRef src = stored.document(d.doc, SOURCE).getBinaryValue(LogFields.SOURCE);
      StoredRecord r = RecordCodec.decode(src.bytes, src.offset, src.length);
      long ts = (Long) ((FieldDoc) d).fields[0]; // the indexed time, also when the record had none
      out.add(
          new LogEntry(
              ts,
              StreamLabels.of(r.resource(), r.record().severityText(), r.record().severityNumber()),
              LogLine.of(r.record().body()),
              r));
    }
    out.sort((a, b) -> Long.compare(b.timestampNanos(), a.timestampNanos()));
  }

  private static List<LogEntry> top(List<LogEntry> all, int limit) {
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }
}
