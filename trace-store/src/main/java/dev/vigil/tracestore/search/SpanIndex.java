package dev.vigil.tracestore.search;

import dev.vigil.model.TraceId;
import dev.vigil.tracestore.StoredSpan;
import dev.vigil.tracestore.Trace;
import dev.vigil.tracestore.query.Expr;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * One tenant's span index. Documents are added a segment at a time and committed with the segment's
 * sequence number, so after a crash {@link #indexedThrough} says which segments must be indexed
 * again. Thread-safe (Lucene's writer and searcher manager are).
 */
public final class SpanIndex implements AutoCloseable {
  private static final String INDEXED_THROUGH = "vigil.indexedThrough";
  private static final String FORMAT = "vigil.indexFormat";

  /**
   * The document layout this version writes (FORMAT.md, "Span index"); an index of another one is
   * rebuilt from the segments on open. 2: start time as doc values with a skip index, no point.
   */
  static final String CURRENT_FORMAT = "2";

  private static final Sort NEWEST_FIRST =
      new Sort(new SortField(SpanFields.START, SortField.Type.LONG, true));

  private final FSDirectory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private volatile long indexedThrough;

  private SpanIndex(FSDirectory directory, IndexWriter writer) throws IOException {
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    Map<String, String> data = writer.getLiveCommitData() == null ? Map.of() : toMap(writer);
    this.indexedThrough = Long.parseLong(data.getOrDefault(INDEXED_THROUGH, "0"));
  }

  /**
   * Opens the index in {@code dir}; an index Lucene finds corrupt or of another format is deleted
   * and started empty ({@link #indexedThrough} 0), for the caller to rebuild from the segments.
   * Other I/O errors propagate: they are about the disk, not the index.
   */
  public static SpanIndex openOrReset(Path dir, java.util.function.Consumer<String> onReset)
      throws IOException {
    try {
      String found = formatOf(dir);
      if (found != null && !found.equals(CURRENT_FORMAT)) {
        onReset.accept(
            "span index in "
                + dir
                + " has document format "
                + found
                + ", this version writes "
                + CURRENT_FORMAT
                + "; rebuilding it from the segments");
        deleteAll(dir);
      }
      return open(dir);
    } catch (CorruptIndexException
        | IndexFormatTooOldException
        | IndexFormatTooNewException
        | java.io.EOFException e) {
      onReset.accept("span index in " + dir + " unreadable (" + e.getMessage() + "); rebuilding");
      deleteAll(dir);
      return open(dir);
    }
  }

  /** The format recorded in the last commit, "1" for an index from before formats were recorded. */
  private static String formatOf(Path dir) throws IOException {
    if (!java.nio.file.Files.isDirectory(dir)) {
      return null;
    }
    try (FSDirectory d = FSDirectory.open(dir)) {
      if (!DirectoryReader.indexExists(d)) {
        return null;
      }
      return org.apache.lucene.index.SegmentInfos.readLatestCommit(d)
          .getUserData()
          .getOrDefault(FORMAT, "1");
    }
  }

  private static void deleteAll(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
      for (Path f : files.toList()) {
        java.nio.file.Files.delete(f);
      }
    }
  }

  public static SpanIndex open(Path dir) throws IOException {
    FSDirectory d = FSDirectory.open(dir);
    IndexWriterConfig config = new IndexWriterConfig();
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    config.setRAMBufferSizeMB(32);
    return new SpanIndex(d, new IndexWriter(d, config));
  }

  private static Map<String, String> toMap(IndexWriter w) {
    java.util.HashMap<String, String> m = new java.util.HashMap<>();
    for (Map.Entry<String, String> e : w.getLiveCommitData()) {
      m.put(e.getKey(), e.getValue());
    }
    return m;
  }

  /** The highest segment sequence whose spans the last commit holds. */
  public long indexedThrough() {
    return indexedThrough;
  }

  /** Adds the spans of segment {@code seq} and commits; visible to searches on return. */
  public void addSegment(long seq, List<Trace> traces) throws IOException {
    add(seq, traces);
    commit(Math.max(indexedThrough, seq));
  }

  /** Adds spans of segment {@code seq} without committing (compaction adds in batches). */
  public void add(long seq, List<Trace> traces) throws IOException {
    List<Document> docs = new ArrayList<>();
    for (Trace t : traces) {
      for (StoredSpan s : t.spans()) {
        docs.add(SpanDocuments.document(s, seq));
      }
      if (docs.size() >= 10_000) {
        writer.addDocuments(docs);
        docs.clear();
      }
    }
    writer.addDocuments(docs);
  }

  /**
   * Removes the spans of segment {@code seq} (retention) and commits: those indexed under its own
   * number and under the numbers of the segments it {@code replaces} (compaction keeps their
   * documents).
   */
  public void deleteSegment(long seq, long... replaces) throws IOException {
    delete(seq);
    for (long r : replaces) {
      delete(r);
    }
    commit(indexedThrough);
  }

  /** Removes the spans of segment {@code seq}, committed or not, without committing. */
  public void delete(long seq) throws IOException {
    writer.deleteDocuments(LongPoint.newExactQuery(SpanFields.SEGMENT, seq));
  }

  /**
   * Makes every change since the last commit durable and visible, recording that segments up to
   * {@code through} are indexed.
   */
  public void commit(long through) throws IOException {
    writer.setLiveCommitData(
        Map.of(INDEXED_THROUGH, Long.toString(through), FORMAT, CURRENT_FORMAT).entrySet());
    writer.commit();
    indexedThrough = through;
    searchers.maybeRefreshBlocking();
  }

  /**
   * Up to {@code limit} distinct traces with a span matching {@code filter} and starting in [{@code
   * start}, {@code end}], newest matching span first.
   */
  public List<SpanHit> search(Expr filter, long start, long end, int limit) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      Query q =
          new BooleanQuery.Builder()
              .add(new LuceneFilter(searcher.getIndexReader()).query(filter), Occur.FILTER)
              .add(
                  NumericDocValuesField.newSlowRangeQuery(SpanFields.START, start, end),
                  Occur.FILTER)
              .build();
      Set<TraceId> seen = new HashSet<>();
      List<SpanHit> out = new ArrayList<>();
      StoredFields stored = searcher.storedFields();
      Set<String> tidOnly = Set.of(SpanFields.TRACE_ID);
      int page = Math.max(100, Math.min(limit * 4, 10_000));
      ScoreDoc after = null;
      while (out.size() < limit) {
        TopDocs td =
            after == null
                ? searcher.search(q, page, NEWEST_FIRST)
                : searcher.searchAfter(after, q, page, NEWEST_FIRST);
        for (ScoreDoc sd : td.scoreDocs) {
          BytesRef b = stored.document(sd.doc, tidOnly).getBinaryValue(SpanFields.TRACE_ID);
          TraceId id = TraceId.fromBytes(b.bytes, b.offset);
          if (seen.add(id)) {
            out.add(new SpanHit(id, (Long) ((FieldDoc) sd).fields[0]));
            if (out.size() == limit) {
              break;
            }
          }
        }
        if (td.scoreDocs.length < page) {
          break;
        }
        after = td.scoreDocs[td.scoreDocs.length - 1];
      }
      return out;
    } finally {
      searchers.release(searcher);
    }
  }

  /** Distinct values of a keyword field starting with {@code prefix}, prefix removed. */
  public Set<String> terms(String field, String prefix) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      Set<String> out = new TreeSet<>();
      Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), field);
      if (terms == null) {
        return out;
      }
      TermsEnum it = terms.iterator();
      BytesRef p = new BytesRef(prefix);
      if (it.seekCeil(p) == TermsEnum.SeekStatus.END) {
        return out;
      }
      for (BytesRef t = it.term(); t != null; t = it.next()) {
        String s = t.utf8ToString();
        if (!s.startsWith(prefix)) {
          break;
        }
        // Terms outlive their documents until Lucene merges: list only values still in use.
        if (searcher.count(new TermQuery(new Term(field, BytesRef.deepCopyOf(t)))) > 0) {
          out.add(s.substring(prefix.length()));
        }
      }
      return out;
    } finally {
      searchers.release(searcher);
    }
  }

  public Set<String> services() throws IOException {
    return terms(SpanFields.SERVICE, "");
  }

  /** {@code kind + '\0' + name} of the service's operations. */
  public Set<String> operations(String service) throws IOException {
    return terms(SpanFields.OPERATION, service + SpanFields.SEPARATOR);
  }

  /**
   * Bytes of the index's files on disk (an unmerged segment's files while a merge runs, too: what
   * the disk holds). A file a merge deletes while this counts is skipped.
   */
  public long sizeBytes() throws IOException {
    long total = 0;
    for (String file : directory.listAll()) {
      try {
        total += directory.fileLength(file);
      } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException gone) {
        // deleted since the listing: no longer on disk
      }
    }
    return total;
  }

  public long documentCount() {
    return writer.getDocStats().numDocs;
  }

  @Override
  public void close() throws IOException {
    try {
      searchers.close();
      writer.close();
    } finally {
      directory.close();
    }
  }
}
