package dev.vigil.logindex.query;

import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.StreamKey;
import dev.vigil.logindex.store.StreamLabels;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * The distinct streams of one segment, by their doc-values ordinal: the stream keys of format 5
 * ({@link LogFields#STREAM_KEY}) or the stream labels of earlier formats ({@link
 * LogFields#STREAM}). Decoded once per segment and kept while the segment is open, so a query
 * matches a selector against each stream once, not against each record.
 *
 * <p>For format 5 the table also answers a Lucene query on the fields the stream's records share
 * (tenant, severity, resource): it indexes each stream's fields as one small in-memory document,
 * exactly as earlier formats indexed them per record, and runs the query there. Thread-safe.
 */
final class StreamTable {
  /**
   * Per segment core, removed when the segment closes. A segment's doc values never change, and its
   * streams are a few hundred where its records are millions.
   */
  private static final Map<IndexReader.CacheKey, StreamTable> BY_SEGMENT =
      new ConcurrentHashMap<>();

  /**
   * What the cached tables may hold, estimated from their keys' bytes: a stream label that takes a
   * new value per record (a request id sent as a resource attribute) makes a segment's streams as
   * many as its records, and such tables are decoded per query instead of kept.
   */
  static final long CACHE_BUDGET_BYTES = 64L << 20;

  private static final java.util.concurrent.atomic.AtomicLong CACHED_BYTES =
      new java.util.concurrent.atomic.AtomicLong();

  private static final StreamTable EMPTY = new StreamTable(null, false, new BytesRef[0]);

  private final String field;
  private final boolean keyed;
  private final long bytes;
  private final BytesRef[] values;
  private final Labels[] labels;
  private final StreamKey[] keys;
  private volatile IndexSearcher fields;

  private StreamTable(String field, boolean keyed, BytesRef[] values) {
    this.field = field;
    this.keyed = keyed;
    this.values = values;
    this.labels = new Labels[values.length];
    this.keys = new StreamKey[keyed ? values.length : 0];
    long b = 0;
    for (int ord = 0; ord < values.length; ord++) {
      // The copied bytes, and about as much again for the decoded labels and attributes.
      b += 2L * values[ord].length + 64;
      if (keyed) {
        keys[ord] = StreamKey.decode(values[ord]);
        labels[ord] = keys[ord].labels();
      } else {
        labels[ord] = StreamLabels.decode(values[ord]);
      }
    }
    this.bytes = b;
  }

  static StreamTable of(LeafReader reader) throws IOException {
    return of(reader, CACHE_BUDGET_BYTES);
  }

  /** The segment's table, kept for the segment's life while all kept tables fit {@code budget}. */
  static StreamTable of(LeafReader reader, long budget) throws IOException {
    IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
    if (helper == null) {
      return read(reader);
    }
    StreamTable t = BY_SEGMENT.get(helper.getKey());
    if (t != null) {
      return t;
    }
    t = read(reader);
    if (CACHED_BYTES.addAndGet(t.bytes) > budget) {
      CACHED_BYTES.addAndGet(-t.bytes);
      return t;
    }
    StreamTable other = BY_SEGMENT.putIfAbsent(helper.getKey(), t);
    if (other != null) {
      CACHED_BYTES.addAndGet(-t.bytes);
      return other;
    }
    long kept = t.bytes;
    helper.addClosedListener(key -> {
      if (BY_SEGMENT.remove(key) != null) {
        CACHED_BYTES.addAndGet(-kept);
      }
    });
    return t;
  }

  private static StreamTable read(LeafReader reader) throws IOException {
    boolean keyed = reader.getFieldInfos().fieldInfo(LogFields.STREAM_KEY) != null;
    String field = keyed ? LogFields.STREAM_KEY : LogFields.STREAM;
    FieldInfo fi = reader.getFieldInfos().fieldInfo(field);
    if (fi == null) {
      return EMPTY;
    }
    SortedDocValues dv = DocValues.getSorted(reader, field);
    BytesRef[] values = new BytesRef[dv.getValueCount()];
    TermsEnum te = dv.termsEnum();
    for (int ord = 0; ord < values.length; ord++) {
      values[ord] = BytesRef.deepCopyOf(te.next());
    }
    return new StreamTable(field, keyed, values);
  }

  /** Whether any segment of the searcher's index is of format 5. */
  static boolean keyed(IndexSearcher searcher) {
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      if (leaf.reader().getFieldInfos().fieldInfo(LogFields.STREAM_KEY) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The fields a format-5 query may ask the stream table about: those earlier formats indexed per
   * record from the tenant, the severity and the resource.
   */
  static boolean isStreamField(String name) {
    return name.equals(LogFields.TENANT)
        || name.equals(LogFields.SEVERITY_NUMBER)
        || name.equals(LogFields.SEVERITY_TEXT)
        || name.equals(LogFields.DETECTED_LEVEL)
        || name.startsWith(LogFields.RESOURCE_PREFIX);
  }

  boolean keyed() {
    return keyed;
  }

  int size() {
    return values.length;
  }

  Labels labels(int ord) {
    return labels[ord];
  }

  /** The doc value of stream {@code ord}. */
  BytesRef value(int ord) {
    return values[ord];
  }

  /** The segment's stream ordinal per document; null when it has no streams. */
  SortedDocValues docValues(LeafReader reader) throws IOException {
    return field == null ? null : DocValues.getSorted(reader, field);
  }

  /** The streams whose labels match every matcher. */
  FixedBitSet matching(List<LabelMatcher> selector) {
    FixedBitSet out = new FixedBitSet(values.length);
    next:
    for (int ord = 0; ord < values.length; ord++) {
      for (LabelMatcher m : selector) {
        if (!m.matches(labels[ord])) {
          continue next;
        }
      }
      out.set(ord);
    }
    return out;
  }

  /** Format 5: the streams whose shared fields match the query. */
  FixedBitSet matching(Query query) throws IOException {
    FixedBitSet out = new FixedBitSet(values.length);
    if (values.length == 0) {
      return out;
    }
    IndexSearcher s = fieldsSearcher();
    for (ScoreDoc d : s.search(query, values.length).scoreDocs) {
      out.set(d.doc);
    }
    return out;
  }

  /** Format 5: the names of the streams' shared fields, as earlier formats named them. */
  Set<String> fieldNames() throws IOException {
    Set<String> names = new HashSet<>();
    if (values.length > 0) {
      for (LeafReaderContext leaf : fieldsSearcher().getIndexReader().leaves()) {
        for (FieldInfo fi : leaf.reader().getFieldInfos()) {
          names.add(fi.name);
        }
      }
    }
    return names;
  }

  /**
   * One in-memory document per stream, doc id = ordinal: one segment, flushed once at the close (no
   * flush by size or count before), keeps the ids as added. Heap only; the garbage collector takes
   * it with the table.
   */
  private IndexSearcher fieldsSearcher() throws IOException {
    IndexSearcher s = fields;
    if (s == null) {
      synchronized (this) {
        s = fields;
        if (s == null) {
          ByteBuffersDirectory dir = new ByteBuffersDirectory();
          IndexWriterConfig c = new IndexWriterConfig();
          c.setMaxBufferedDocs(Math.max(2, values.length + 1));
          c.setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH);
          try (IndexWriter w = new IndexWriter(dir, c)) {
            for (StreamKey k : keys) {
              Document d = new Document();
              List<IndexableField> f = new ArrayList<>(k.fields());
              f.forEach(d::add);
              w.addDocument(d);
            }
          }
          DirectoryReader r = DirectoryReader.open(dir);
          if (r.leaves().size() != 1 || r.maxDoc() != keys.length) {
            throw new IllegalStateException(
                "BUG: the streams' documents are not one segment in ordinal order");
          }
          s = new IndexSearcher(r);
          s.setQueryCache(null);
          fields = s;
        }
      }
    }
    return s;
  }
}
