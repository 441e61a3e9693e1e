package dev.vigil.tsdb.block;

import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a mapped index. Opening verifies the whole file's checksum (the index is small next to the
 * chunks, and a query trusts every offset in it) and loads the symbols and the postings offset
 * table; series entries and postings lists stay in the mapping and are decoded on demand (those
 * read repeatedly kept decoded, within bounds).
 */
final class IndexReader implements AutoCloseable {
  private final MappedFile file;
  private final String[] symbols;

  /** Label name to its values (sorted) and their postings offsets. */
  private final TreeMap<String, Values> postings = new TreeMap<>();

  private final long seriesTable;
  private final int seriesCount;

  private record Values(String[] values, long[] offsets) {}

  /** Postings lists at least this long are kept decoded ({@link #postingsAt}). */
  static final int KEEP_DECODED_FROM = 256;

  /** At most this many ids are kept decoded per block. */
  static final long MAX_DECODED_IDS = 1 << 20;

  private final ConcurrentHashMap<Long, int[]> decodedPostings = new ConcurrentHashMap<>();
  private final AtomicLong decodedIds = new AtomicLong();

  /** A series entry: labels and its chunks' time ranges and references. */
  record Entry(Labels labels, long[] minT, long[] maxT, long[] refs) {}

  /**
   * Opens the index; the series entries queries read are kept decoded within {@code caches}' budget
   * for index entries, which all blocks of a tsdb share.
   */
  IndexReader(Path dir, DecodedBlockChunks caches) throws IOException {
    this.caches = caches;
    file = MappedFile.open(dir.resolve(IndexFile.NAME), IndexFile.MAGIC, IndexFile.VERSION);
    try {
      file.verifyChecksum();
      long toc = file.size() - MappedFile.FOOTER_SIZE - IndexFile.TOC_SIZE;
      if (toc < MappedFile.HEADER_SIZE) {
        throw file.corrupt("too short for a table of contents");
      }
      long symbolsStart = section(toc + 8);
      long tableStart = section(toc + 24);
      seriesTable = section(toc + 32);
      MappedFile.Cursor c = file.cursor(symbolsStart);
      int n = c.u32();
      if (n < 0) {
        throw file.corrupt("negative symbol count");
      }
      symbols = new String[n];
      for (int i = 0; i < n; i++) {
        symbols[i] = c.string();
      }
      c = file.cursor(tableStart);
      int entries = c.u32();
      List<String> values = new ArrayList<>();
      List<Long> offsets = new ArrayList<>();
      String name = null;
      for (int i = 0; i < entries; i++) {
        String nm = symbol(c.uvarint());
        String value = symbol(c.uvarint());
        long off = c.uvarint();
        if (name != null && !name.equals(nm)) {
          putValues(name, values, offsets);
        }
        name = nm;
        values.add(value);
        offsets.add(off);
      }
      if (name != null) {
        putValues(name, values, offsets);
      }
      seriesCount = file.u32(seriesTable);
      if (seriesCount < 0 || seriesTable + 4 + 8L * seriesCount > toc) {
        throw file.corrupt("series offset table runs past the table of contents");
      }
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
  }

  private void putValues(String name, List<String> values, List<Long> offsets) {
    postings.put(
        name,
        new Values(
            values.toArray(new String[0]), offsets.stream().mapToLong(Long::longValue).toArray()));
    values.clear();
    offsets.clear();
  }

  private long section(long at) {
    long off = file.u64(at);
    if (off < MappedFile.HEADER_SIZE || off > at) {
      throw file.corrupt("table of contents points outside the file: " + off);
    }
    return off;
  }

  private String symbol(long ref) {
    if (ref < 0 || ref >= symbols.length) {
      throw file.corrupt(
          "symbol reference " + ref + " out of range (" + symbols.length + " symbols)");
    }
    return symbols[(int) ref];
  }

  int seriesCount() {
    return seriesCount;
  }

  long sizeBytes() {
    return file.size();
  }

  /**
   * Series entries decoded for queries, by id, allocated on the first query. Rule groups select the
   * same series every tick, and decoding their entries again (labels and three arrays each) was
   * most of the allocation of {@code bench/run.sh slo-eval}. Bounded in estimated bytes by one
   * budget for all blocks ({@link DecodedBlockChunks#reserveEntries}); a full budget keeps what it
   * has, like the postings cache, and a closed block gives its share back.
   */
  private volatile Entry[] entries;

  private final AtomicLong entryBytes = new AtomicLong();

  private final DecodedBlockChunks caches;

  /**
   * The series entry with id {@code id} (ids are in label order) for a query: kept decoded within
   * the block's budget. Callers never modify its arrays.
   */
  Entry series(int id) {
    Entry[] kept = entries;
    if (kept == null) {
      synchronized (this) {
        kept = entries;
        if (kept == null) {
          entries = kept = new Entry[seriesCount];
        }
      }
    }
    Entry e = id >= 0 && id < kept.length ? kept[id] : null;
    if (e != null) {
      return e;
    }
    e = read(id);
    long bytes = estimatedBytes(e);
    // A racing duplicate only costs its bytes twice against the budget. Entries are immutable
    // records, so a plain array store publishes them safely through their final fields.
    if (caches.reserveEntries(bytes)) {
      entryBytes.addAndGet(bytes);
      kept[id] = e;
    }
    return e;
  }

  /** Bytes the entries kept decoded take, estimated (tests, /metrics). */
  long keptEntryBytes() {
    return entryBytes.get();
  }

  private static long estimatedBytes(Entry e) {
    // Record and Labels headers, the labels' array (its strings are the symbol table's), and the
    // three long arrays.
    return 32 + 24 + 16 + 4L * e.labels().size() * 2 + 3 * (16 + 8L * e.refs().length);
  }

  /** The series entry with id {@code id}, decoded afresh (compaction, lookups by labels). */
  Entry read(int id) {
    if (id < 0 || id >= seriesCount) {
      throw file.corrupt("series id " + id + " out of range (" + seriesCount + " series)");
    }
    MappedFile.Cursor c = file.cursor(file.u64(seriesTable + 4 + 8L * id));
    int pairs = c.count("label count");
    String[] nv = new String[pairs * 2];
    for (int i = 0; i < nv.length; i++) {
      nv[i] = symbol(c.uvarint());
    }
    int n = c.count("chunk count");
    long[] minT = new long[n];
    long[] maxT = new long[n];
    long[] refs = new long[n];
    for (int i = 0; i < n; i++) {
      if (i == 0) {
        minT[0] = IndexWriter.unzigzag(c.uvarint());
        maxT[0] = minT[0] + c.uvarint();
        refs[0] = c.uvarint();
      } else {
        minT[i] = maxT[i - 1] + c.uvarint();
        maxT[i] = minT[i] + c.uvarint();
        refs[i] = refs[i - 1] + c.uvarint();
      }
    }
    return new Entry(Labels.of(nv), minT, maxT, refs);
  }

  /** Sorted ids of the series with {@code name=value}. */
  int[] postings(String name, String value) {
    long off = postingsOffset(name, value);
    return off < 0 ? new int[0] : postingsAt(off);
  }

  /** Where the postings list of {@code name=value} starts, or -1 when no series has it. */
  long postingsOffset(String name, String value) {
    Values v = postings.get(name);
    if (v == null) {
      return -1;
    }
    int i = Arrays.binarySearch(v.values, value);
    return i < 0 ? -1 : v.offsets[i];
  }

  /** The length of the postings list at {@code off}, read without decoding the list. */
  int postingsCount(long off) {
    int n = file.cursor(off).count("postings count");
    if (n > seriesCount) {
      throw file.corrupt("postings list at " + off + " longer than the series count");
    }
    return n;
  }

  /** Sorted ids of the series whose {@code m.name()} label has a value {@code m} accepts. */
  int[] postings(LabelMatcher m) {
    if (m.type() == LabelMatcher.Type.EQUAL) {
      return postings(m.name(), m.value());
    }
    Values v = postings.get(m.name());
    if (v == null) {
      return new int[0];
    }
    int[] union = new int[0];
    for (int i = 0; i < v.values.length; i++) {
      if (m.matches(v.values[i])) {
        union = Postings.union(union, postingsAt(v.offsets[i]));
      }
    }
    return union;
  }

  /**
   * The decoded postings list at {@code off}; callers never modify it. Long lists (a metric name, a
   * service label) are kept decoded: selectors of thousands of rules intersect the same few long
   * lists with their own short ones, and decoding 150,000 varints per selection cost more than the
   * rest of it. Bounded in ids per block; a full cache keeps what it has.
   */
  int[] postingsAt(long off) {
    int[] kept = decodedPostings.get(off);
    if (kept != null) {
      return kept;
    }
    int[] ids = readPostings(off);
    // Counted only when kept: a full cache keeps what it has and counts nothing more.
    if (ids.length >= KEEP_DECODED_FROM
        && decodedIds.get() + ids.length <= MAX_DECODED_IDS
        && decodedPostings.putIfAbsent(off, ids) == null) {
      decodedIds.addAndGet(ids.length);
    }
    return ids;
  }

  private int[] readPostings(long off) {
    MappedFile.Cursor c = file.cursor(off);
    int n = c.count("postings count");
    if (n > seriesCount) {
      throw file.corrupt("postings list at " + off + " longer than the series count");
    }
    int[] ids = new int[n];
    long id = 0;
    for (int i = 0; i < n; i++) {
      id += c.uvarint();
      if (id >= seriesCount || (i > 0 && id <= ids[i - 1])) {
        throw file.corrupt("postings list at " + off + " is not sorted series ids");
      }
      ids[i] = (int) id;
    }
    return ids;
  }

  List<String> labelNames() {
    return List.copyOf(postings.keySet());
  }

  List<String> labelValues(String name) {
    Values v = postings.get(name);
    return v == null ? List.of() : List.of(v.values);
  }

  @Override
  public void close() {
    caches.releaseEntries(entryBytes.getAndSet(0));
    file.close();
  }
}
