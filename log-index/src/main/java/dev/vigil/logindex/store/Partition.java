package dev.vigil.logindex.store;

import dev.vigil.logindex.codec.LogCodec;
import dev.vigil.model.Tenant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * One Lucene index: a tenant's records of one {@link PartitionSpan}, sorted newest first so "the
 * newest N" stops early. Writes go straight to the IndexWriter (thread-safe); readers come from a
 * near-real-time SearcherManager refreshed by the owner. Each commit records the translog position
 * below which every entry of this partition is in the commit.
 */
public final class Partition {
  static final String COMMIT_POSITION = "vigil.translog.position";
  static final String COMMIT_FORMAT = "vigil.format";

  /** Bytes of the record file that the commit holds (format 4). */
  static final String COMMIT_RECORDS = "vigil.records.length";

  /**
   * Records appended before the commit's translog position was taken (format 4): documents of later
   * ordinals that the commit caught anyway are dropped on opening.
   */
  static final String COMMIT_RECORDS_BEFORE = "vigil.records.before";

  /**
   * Format 3: the line without positions, no time point, id prefixes ({@link LogDocuments}); what
   * this build creates when the configured compression is not zstd.
   */
  static final int FORMAT_COMPACT = 3;

  /**
   * Format 4, what this build creates with zstd (the default): format 3 with the record in the
   * partition's record file ({@link RecordLog}) instead of a stored field. A partition keeps the
   * format it was created with, because Lucene refuses a field whose index options change within
   * one index: those of formats 1 and 2 go on receiving format-2 documents, those of format 3
   * format-3 ones.
   */
  static final int FORMAT_RECORD_FILE = 4;

  /**
   * Format 5, what this build creates with zstd: format 4 with what a stream's records share (the
   * tenant, the severity and the resource) in a stream key per distinct stream of a segment and one
   * stream term per document, instead of a dozen keyword fields and points per document ({@link
   * StreamKey}).
   */
  static final int FORMAT_STREAMS = 5;

  /** What a partition of format 1 or 2 receives and records in its commits. */
  static final int FORMAT_OLD = 2;

  /** {@link #compact} leaves a partition alone when one segment holds this share of it. */
  static final int COMPACT_BELOW_PERCENT = 90;

  /** Format 1 (lower-cased body) partitions open too; their segments are searched as they are. */
  static final java.util.Set<String> READABLE_FORMATS = java.util.Set.of("1", "2", "3", "4", "5");

  private final Tenant tenant;
  private final PartitionSpan span;
  private final Path path;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final int format;

  /** Format 4's records; null for earlier formats. */
  private final RecordLog records;

  private volatile boolean dirty;
  private volatile long lastUsedNanos;

  private final long searchIdleNanos;

  /**
   * When a search last acquired this partition. A new partition starts search-idle: one that only
   * ingests (a new day, a new tenant) is not refreshed until someone searches it.
   */
  private volatile long lastSearchNanos;

  private volatile long lastWriteNanos = Long.MIN_VALUE; // nothing written since it opened
  private volatile boolean compacting;
  private long committedPosition;
  private boolean closed;

  private Partition(
      Tenant tenant,
      PartitionSpan span,
      Path path,
      Directory directory,
      IndexWriter writer,
      long committedPosition,
      int format,
      RecordLog records,
      long searchIdleNanos)
      throws IOException {
    this.tenant = tenant;
    this.searchIdleNanos = searchIdleNanos;
    this.lastSearchNanos = System.nanoTime() - searchIdleNanos - 1;
    this.format = format;
    this.span = span;
    this.path = path;
    this.directory = directory;
    this.writer = writer;
    this.committedPosition = committedPosition;
    this.records = records;
    DirectoryReader reader = DirectoryReader.open(writer, true, false);
    try {
      this.searchers =
          new SearcherManager(
              records == null ? reader : new RecordSourceReader(reader, records), null);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /**
   * Opens or creates the index at {@code path}. Records at or after the committed translog position
   * are dropped: a crash left them half-recorded, and the translog replays them.
   */
  static Partition open(Tenant tenant, PartitionSpan span, Path path, PartitionConfig config)
      throws IOException {
    Directory dir = new TempFileBlocks(FSDirectory.open(path));
    IndexWriter writer = null;
    RecordLog records = null;
    try {
      long position = 0;
      int format = config.createFormat();
      long recordsLength = -1;
      long recordsBefore = 0;
      if (DirectoryReader.indexExists(dir)) {
        Map<String, String> data = SegmentInfos.readLatestCommit(dir).getUserData();
        String recorded = data.get(COMMIT_FORMAT);
        if (recorded != null && !READABLE_FORMATS.contains(recorded)) {
          throw new IOException(
              "partition "
                  + path
                  + " has document format "
                  + recorded
                  + "; this build reads formats "
                  + new java.util.TreeSet<>(READABLE_FORMATS)
                  + " (a newer build wrote it)");
        }
        position = Long.parseLong(data.getOrDefault(COMMIT_POSITION, "0"));
        format =
            switch (recorded == null ? "2" : recorded) {
              case "5" -> FORMAT_STREAMS;
              case "4" -> FORMAT_RECORD_FILE;
              case "3" -> FORMAT_COMPACT;
              default -> FORMAT_OLD;
            };
        recordsLength = Long.parseLong(data.getOrDefault(COMMIT_RECORDS, "-1"));
        recordsBefore = Long.parseLong(data.getOrDefault(COMMIT_RECORDS_BEFORE, "0"));
      }
      if (format >= FORMAT_RECORD_FILE) {
        // Cut back to what the last commit holds: the translog replays the rest.
        records = RecordLog.open(path, recordsLength);
      }
      writer = new IndexWriter(dir, writerConfig(config, format));
      // Documents the last commit caught after its translog position was taken: the translog
      // replays them. Format 4 knows them by their records' ordinals, earlier ones by a point.
      writer.deleteDocuments(
          format >= FORMAT_RECORD_FILE
              ? NumericDocValuesField.newSlowRangeQuery(
                  LogFields.RECORD, recordsBefore, Long.MAX_VALUE)
              : LongPoint.newRangeQuery(LogFields.TRANSLOG_POSITION, position, Long.MAX_VALUE));
      return new Partition(
          tenant, span, path, dir, writer, position, format, records, config.searchIdleNanos());
    } catch (IOException | RuntimeException e) {
      if (writer != null) {
        writer.rollback();
      }
      if (records != null) {
        records.close();
      }
      dir.close();
      throw e;
    }
  }

  private static IndexWriterConfig writerConfig(PartitionConfig config, int format) {
    IndexWriterConfig c =
        new IndexWriterConfig(
            format >= FORMAT_COMPACT ? LogAnalyzer.formatThree() : new LogAnalyzer());
    c.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    c.setIndexSort(new Sort(new SortField(LogFields.TIMESTAMP, SortField.Type.LONG, true)));
    c.setCodec(
        switch (config.compression()) {
          // The instance Lucene loads by name, so merges can copy its chunks without recompressing.
          case ZSTD -> Codec.forName(LogCodec.NAME);
          case LZ4 -> new Lucene104Codec(Lucene104Codec.Mode.BEST_SPEED);
          case DEFLATE -> new Lucene104Codec(Lucene104Codec.Mode.BEST_COMPRESSION);
        });
    c.setRAMBufferSizeMB(config.ramBufferMb());
    // Commits are ours, with the translog position in them; closing must not add one without it.
    c.setCommitOnClose(false);
    c.setMergePolicy(mergePolicy());
    ConcurrentMergeScheduler merges = new ConcurrentMergeScheduler();
    // Two cores are shared with ingest and queries: one merge thread per partition is plenty.
    merges.setMaxMergesAndThreads(2, 1);
    c.setMergeScheduler(merges);
    return c;
  }

  /** Segments of one size class merged at once: see {@link #mergePolicy}. */
  static final int MERGE_FACTOR = 20;

  /**
   * Merges of neighbouring segments only, {@value #MERGE_FACTOR} at a time. Records arrive in time
   * order, so neighbouring segments cover neighbouring times and a merged segment still covers a
   * short span that time-range queries can skip (Lucene's default policy merges any segments, and
   * mixes hours). Few, wide merges, because the index is sorted: a merge cannot copy stored chunks
   * and decompresses and recompresses every record, and a finished partition is merged into one
   * segment anyway ({@link #compact}). With eight segments a tier, merges took 18 % of the server's
   * CPU on bench/run.sh logs-ingest (2026-12-07, log-index/README.md).
   */
  private static MergePolicy mergePolicy() {
    LogByteSizeMergePolicy p = new LogByteSizeMergePolicy();
    p.setMergeFactor(MERGE_FACTOR);
    return p;
  }

  public Tenant tenant() {
    return tenant;
  }

  public PartitionSpan span() {
    return span;
  }

  /** The document format this partition's new documents are written in: 2, 3, 4 or 5. */
  public int format() {
    return format;
  }

  Path path() {
    return path;
  }

  /** Translog position of the last commit: entries before it are in the index for good. */
  public synchronized long committedPosition() {
    return committedPosition;
  }

  /**
   * Appends records to a format-4 partition's record file and returns the first one's ordinal (the
   * others follow it), for their documents ({@link LogDocuments#fields(StoredRecord, BytesRef,
   * long, long)}); -1 for a partition of an earlier format, whose documents store their records.
   */
  public long appendRecords(List<BytesRef> sources) throws IOException {
    return records == null ? -1 : records.append(sources);
  }

  /** Adds documents, each given as its fields ({@link LogDocuments#fields}). */
  public void add(List<? extends Iterable<? extends IndexableField>> docs) throws IOException {
    dirty = true;
    touch();
    lastWriteNanos = lastUsedNanos;
    // One by one: addDocuments would make a block, which an index sort refuses without a parent
    // field, and records need no block semantics.
    for (Iterable<? extends IndexableField> d : docs) {
      writer.addDocument(d);
    }
  }

  /** Whether segments of these sizes are what {@link #compact} merges. */
  static boolean fragmented(int[] segmentDocs) {
    long total = 0;
    long largest = 0;
    for (int d : segmentDocs) {
      total += d;
      largest = Math.max(largest, d);
    }
    return segmentDocs.length > 1 && largest * 100 < total * COMPACT_BELOW_PERCENT;
  }

  /** Makes the next commit round include this partition (after a failed commit). */
  public void markDirty() {
    dirty = true;
  }

  /** Whether documents were added since the flag was last taken; clears it. */
  public boolean takeDirty() {
    boolean d = dirty;
    dirty = false;
    return d;
  }

  /**
   * The number of records appended to a format-4 partition; -1 for earlier formats. Read where no
   * append runs (under the log writer's write lock, with the translog position): it is what {@link
   * #commit} takes.
   */
  public long recordCount() {
    return records == null ? -1 : records.records();
  }

  /**
   * Commits everything added so far, recording that entries before {@code position} are in.
   *
   * @param recordsBefore {@link #recordCount} when {@code position} was taken: the documents of
   *     records from there on belong to entries at or after it (ignored before format 4)
   */
  public synchronized void commit(long position, long recordsBefore) throws IOException {
    if (closed) {
      return;
    }
    Map<String, String> data = new java.util.HashMap<>();
    data.put(COMMIT_POSITION, Long.toString(position));
    data.put(COMMIT_FORMAT, Integer.toString(format));
    if (records != null) {
      // Every record of a document this commit keeps is appended by now (the caller's position
      // says so); what comes later is cut off on opening if the commit holds its document anyway.
      data.put(COMMIT_RECORDS, Long.toString(records.sync()));
      data.put(COMMIT_RECORDS_BEFORE, Long.toString(recordsBefore));
    }
    writer.setLiveCommitData(data.entrySet());
    writer.commit();
    committedPosition = position;
  }

  /**
   * A searcher to release with {@link #release}; null once the partition is closed. It sees every
   * record added before the call when the partition was search-idle ({@link #refreshIfSearched}),
   * else what the last refresh made visible.
   */
  IndexSearcher acquire() throws IOException {
    long now = System.nanoTime();
    if (now - lastSearchNanos > searchIdleNanos) {
      // Periodic refreshes were skipped: this search makes visible what they would have (cheap
      // when nothing was added). Outside the lock, as every refresh: commits need not wait.
      refresh();
    }
    synchronized (this) {
      if (closed) {
        return null;
      }
      touch();
      lastSearchNanos = now;
      return searchers.acquire();
    }
  }

  /**
   * The periodic refresh: skipped while the partition is search-idle (no search for the configured
   * time, 30 s by default), as Elasticsearch skips scheduled refreshes of search-idle shards. Every
   * refresh turns what the writer buffered into a small segment, which merges then rewrite (the
   * stored records recompressed each time); a partition that only ingests flushes by its RAM buffer
   * instead, and the next search refreshes first, so it still sees every record appended before it.
   * Live tails are fed by the appends, not by refreshes.
   */
  public void refreshIfSearched() throws IOException {
    if (System.nanoTime() - lastSearchNanos > searchIdleNanos) {
      return;
    }
    refresh();
  }

  void release(IndexSearcher searcher) throws IOException {
    searchers.release(searcher);
  }

  /** Makes added documents visible to searchers acquired from now on. */
  public void refresh() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    // Blocking: maybeRefresh() returns at once when the maintenance thread is mid-refresh, and
    // an explicit refresh() must guarantee visibility of everything appended before it.
    searchers.maybeRefreshBlocking();
  }

  public long lastUsedNanos() {
    return lastUsedNanos;
  }

  /**
   * When documents were last added, {@link System#nanoTime} based; {@code Long.MIN_VALUE} if not
   * since it opened.
   */
  public long lastWriteNanos() {
    return lastWriteNanos;
  }

  /**
   * Merges the partition into one segment when no segment yet holds {@value #COMPACT_BELOW_PERCENT}
   * % of its documents; returns whether it did. Meant for a partition whose span is over: the
   * segments of one day share most of their terms (every path, user and word), so one segment
   * stores them once, and late lines after it do not bring the whole day back into a merge. The
   * merge is made durable by the next commit round (it marks the partition dirty): this method
   * commits nothing, so it cannot record a translog position out of turn.
   */
  public boolean compact() throws IOException {
    IndexSearcher s;
    synchronized (this) {
      if (closed) {
        return false;
      }
      compacting = true; // an idle close now would abort the merge (LogWriter#closeIdle waits)
      s = searchers.acquire(); // not acquire(): looking must not keep the partition from idling
    }
    try {
      return mergeIfFragmented(s);
    } finally {
      compacting = false;
    }
  }

  /** Whether a {@link #compact} is under way: closing the partition would abort it. */
  public boolean compacting() {
    return compacting;
  }

  private boolean mergeIfFragmented(IndexSearcher s) throws IOException {
    try {
      List<LeafReaderContext> leaves = s.getIndexReader().leaves();
      int[] docs = new int[leaves.size()];
      for (int i = 0; i < docs.length; i++) {
        docs[i] = leaves.get(i).reader().maxDoc();
      }
      if (!fragmented(docs)) {
        return false;
      }
    } finally {
      release(s);
    }
    try {
      writer.forceMerge(1);
    } catch (AlreadyClosedException e) {
      return false; // closed meanwhile (idle or retention): the merge no longer matters
    }
    dirty = true;
    refresh(); // queries move to the merged segment, and the next look sees it
    return true;
  }

  private void touch() {
    lastUsedNanos = System.nanoTime();
  }

  /** Bytes of the index files, for stats. */
  public long sizeBytes() throws IOException {
    long total = 0;
    for (String f : directory.listAll()) {
      try {
        total += directory.fileLength(f);
      } catch (IOException e) {
        // merged away while listing
      }
    }
    return total;
  }

  /** Closes without committing: the caller commits first when the data should stay. */
  synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      searchers.close();
      writer.close();
    } finally {
      try {
        if (records != null) {
          records.close();
        }
      } finally {
        directory.close();
      }
    }
  }
}
