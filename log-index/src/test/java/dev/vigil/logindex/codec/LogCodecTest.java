package dev.vigil.logindex.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logindex.store.RandomRecords;
import dev.vigil.logindex.store.RecordCodec;
import dev.vigil.logindex.store.StoredRecord;
import dev.vigil.model.log.LogRecord;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stored records written through {@link LogCodec} read back byte for byte in any order (the chunk
 * cache must never serve another chunk's bytes), including empty and over-chunk-sized records, and
 * after merges, as rows (other fields beside) and as columns (the record alone, as partitions store
 * it); an index begun with Lucene's own codec or with {@link LogCodecVersion1} keeps reading once
 * LogCodec writes to it.
 */
class LogCodecTest {
  @TempDir Path dir;

  @Test
  void recordsReadBackInEveryOrderAndAfterMerging() throws Exception {
    Random rnd = new Random(42);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 12_000; i++) {
      records.add(record(rnd, i));
    }
    try (Directory d = FSDirectory.open(dir);
        IndexWriter w = new IndexWriter(d, config(Codec.forName(LogCodec.NAME)))) {
      for (int i = 0; i < records.size(); i++) {
        w.addDocument(doc(i, records.get(i)));
      }
      w.commit();
      check(d, records, rnd);
      assertThat(codecsOf(d)).containsOnly(LogCodec.NAME);
      w.forceMerge(1);
      w.commit();
      check(d, records, rnd);
    }
  }

  @Test
  void chunksOfEqualLengthAreNotMistakenForEachOther() throws Exception {
    // Records of one length make every full chunk the same length: only the chunk's position in
    // the file tells the cached chunk from the one asked for.
    Random rnd = new Random(5);
    List<byte[]> records = new ArrayList<>();
    try (Directory d = FSDirectory.open(dir);
        IndexWriter w = new IndexWriter(d, config(Codec.forName(LogCodec.NAME)))) {
      for (int i = 0; i < 6000; i++) {
        byte[] r =
            String.format("record %08d %s", i, Long.toHexString(rnd.nextLong() | 1L << 63))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        records.add(r);
        w.addDocument(doc(i, r));
      }
      w.forceMerge(1);
      w.commit();
      check(d, records, rnd);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Lucene104", LogCodecVersion1.NAME})
  void anIndexWrittenWithAnOlderCodecKeepsReadingWhenLogCodecTakesOver(String older)
      throws Exception {
    Random rnd = new Random(7);
    List<byte[]> records = new ArrayList<>();
    try (Directory d = FSDirectory.open(dir)) {
      Codec before =
          older.equals(LogCodecVersion1.NAME)
              ? Codec.forName(older)
              : new Lucene104Codec(Lucene104Codec.Mode.BEST_SPEED);
      try (IndexWriter w = new IndexWriter(d, config(before))) {
        for (int i = 0; i < 3000; i++) {
          records.add(record(rnd, i));
          w.addDocument(doc(i, records.getLast()));
        }
        w.commit();
      }
      try (IndexWriter w = new IndexWriter(d, config(Codec.forName(LogCodec.NAME)))) {
        for (int i = 3000; i < 6000; i++) {
          records.add(record(rnd, i));
          w.addDocument(doc(i, records.getLast()));
        }
        w.commit();
        check(d, records, rnd);
        assertThat(codecsOf(d)).contains(older, LogCodec.NAME);
        w.forceMerge(1);
        w.commit();
        check(d, records, rnd);
        assertThat(codecsOf(d)).containsOnly(LogCodec.NAME);
      }
    }
  }

  @Test
  void logRecordsAloneGoIntoColumnsAndReadBackInEveryOrderAndAfterMerging() throws Exception {
    // As a partition stores them: the record the only stored field, so chunks are columns.
    Random rnd = new Random(43);
    List<byte[]> records = new ArrayList<>();
    Map<ByteBuffer, Integer> index = new HashMap<>();
    StoredRecord previous = null;
    for (int i = 0; i < 8000; i++) {
      LogRecord r = RandomRecords.record(rnd, rnd.nextInt(8) == 0);
      StoredRecord s =
          previous != null && rnd.nextInt(4) > 0
              ? new StoredRecord(previous.resource(), previous.scopeName(), "", r)
              : new StoredRecord(RandomRecords.attributes(rnd, 2), RandomRecords.text(rnd), "", r);
      previous = s;
      byte[] b = RecordCodec.encode(s);
      if (index.putIfAbsent(ByteBuffer.wrap(b), records.size()) == null) {
        records.add(b);
      }
    }
    try (Directory d = FSDirectory.open(dir);
        IndexWriter w = new IndexWriter(d, config(Codec.forName(LogCodec.NAME)))) {
      for (byte[] r : records) {
        Document doc = new Document();
        doc.add(new StoredField("_source", r));
        w.addDocument(doc);
      }
      w.commit();
      checkAlone(d, records, index, rnd);
      w.forceMerge(1);
      w.commit();
      checkAlone(d, records, index, rnd);
      assertThat(codecsOf(d)).containsOnly(LogCodec.NAME);
    }
  }

  private static void checkAlone(
      Directory d, List<byte[]> records, Map<ByteBuffer, Integer> index, Random rnd)
      throws Exception {
    try (DirectoryReader reader = DirectoryReader.open(d)) {
      assertThat(reader.maxDoc()).isEqualTo(records.size());
      java.util.BitSet seen = new java.util.BitSet();
      for (LeafReaderContext leaf : reader.leaves()) {
        int n = leaf.reader().maxDoc();
        byte[][] forward = new byte[n][];
        StoredFields stored = leaf.reader().storedFields();
        for (int doc = 0; doc < n; doc++) {
          forward[doc] = BytesRef.deepCopyOf(stored.document(doc).getBinaryValue("_source")).bytes;
          Integer i = index.get(ByteBuffer.wrap(forward[doc]));
          assertThat(i).as("document %d is one of the records", doc).isNotNull();
          assertThat(seen.get(i)).as("record %d read twice", i).isFalse();
          seen.set(i);
        }
        StoredFields backward = leaf.reader().storedFields();
        for (int doc = n - 1; doc >= 0; doc--) {
          assertThat(BytesRef.deepCopyOf(backward.document(doc).getBinaryValue("_source")).bytes)
              .isEqualTo(forward[doc]);
        }
        StoredFields random = leaf.reader().storedFields();
        for (int k = 0; k < 2000; k++) {
          int doc = rnd.nextInt(n);
          assertThat(BytesRef.deepCopyOf(random.document(doc).getBinaryValue("_source")).bytes)
              .isEqualTo(forward[doc]);
        }
      }
      assertThat(seen.cardinality()).isEqualTo(records.size());
    }
  }

  /** Mostly log-like lines that compress well; some empty, some larger than two chunks. */
  private static byte[] record(Random rnd, int i) {
    if (i % 997 == 0) {
      return new byte[0];
    }
    if (i % 4999 == 0) {
      byte[] big = new byte[LogCodec.CHUNK_BYTES * 2 + rnd.nextInt(50_000)];
      rnd.nextBytes(big);
      return big;
    }
    String line =
        "{\"level\":\"info\",\"msg\":\"request completed\",\"path\":\"/api/v1/orders/"
            + rnd.nextInt(100_000)
            + "\",\"n\":"
            + i
            + ",\"session\":\""
            + Long.toHexString(rnd.nextLong())
            + "\"}";
    return line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Document doc(int i, byte[] record) {
    Document d = new Document();
    d.add(new StoredField("_source", record));
    d.add(new StoredField("i", i));
    return d;
  }

  private static IndexWriterConfig config(Codec codec) {
    IndexWriterConfig c = new IndexWriterConfig();
    c.setCodec(codec);
    c.setMaxBufferedDocs(2500); // several flushed segments, so merges have work
    return c;
  }

  private static List<String> codecsOf(Directory d) throws Exception {
    List<String> names = new ArrayList<>();
    for (SegmentCommitInfo s : SegmentInfos.readLatestCommit(d)) {
      names.add(s.info.getCodec().getName());
    }
    return names;
  }

  /**
   * In document order, in reverse, and at random, each through one reader instance. Merges reorder
   * segments, so each document names its record.
   */
  private static void check(Directory d, List<byte[]> records, Random rnd) throws Exception {
    try (DirectoryReader reader = DirectoryReader.open(d)) {
      assertThat(reader.maxDoc()).isEqualTo(records.size());
      for (LeafReaderContext leaf : reader.leaves()) {
        int n = leaf.reader().maxDoc();
        StoredFields forward = leaf.reader().storedFields();
        for (int doc = 0; doc < n; doc++) {
          assertRecord(forward, doc, records);
        }
        StoredFields backward = leaf.reader().storedFields();
        for (int doc = n - 1; doc >= 0; doc--) {
          assertRecord(backward, doc, records);
        }
        StoredFields random = leaf.reader().storedFields();
        for (int k = 0; k < 2000; k++) {
          int doc = rnd.nextInt(n);
          assertRecord(random, doc, records);
        }
      }
    }
  }

  private static void assertRecord(StoredFields stored, int doc, List<byte[]> records)
      throws Exception {
    Document d = stored.document(doc);
    int i = d.getField("i").numericValue().intValue();
    BytesRef got = d.getBinaryValue("_source");
    assertThat(BytesRef.deepCopyOf(got).bytes).as("record %d", i).isEqualTo(records.get(i));
  }
}
