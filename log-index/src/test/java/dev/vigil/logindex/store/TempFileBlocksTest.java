package dev.vigil.logindex.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lucene's temporary files read through heap blocks: byte for byte what was written, at any
 * position (more blocks than are held), in clones and slices; other files as the wrapped directory
 * reads them; and an index sorted as a partition is (its flushes read the temporary stored fields
 * back) keeps every stored value with its document, as it does without the blocks.
 */
class TempFileBlocksTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(
      ints = {
        1,
        1000,
        TempFileBlocks.BLOCK_BYTES,
        TempFileBlocks.BLOCK_BYTES * (TempFileBlocks.BLOCKS + 3) + 17
      })
  void aTemporaryFileReadsBackAsWritten(int size) throws IOException {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    try (TempFileBlocks d = new TempFileBlocks(FSDirectory.open(dir))) {
      String name;
      try (IndexOutput out = d.createTempOutput("_0", "fdt", IOContext.DEFAULT)) {
        out.writeBytes(data, data.length);
        name = out.getName();
      }
      try (IndexInput in = d.openInput(name, IOContext.DEFAULT)) {
        assertThat(d.cachedOpens()).isEqualTo(1);
        assertThat(in.length()).isEqualTo(size);
        byte[] all = new byte[size];
        in.readBytes(all, 0, size);
        assertThat(all).isEqualTo(data);
        Random rnd = new Random(7);
        for (int i = 0; i < 2_000; i++) {
          int at = rnd.nextInt(size);
          in.seek(at);
          int n = Math.min(size - at, rnd.nextInt(3 * TempFileBlocks.BLOCK_BYTES));
          byte[] part = new byte[n];
          in.readBytes(part, 0, n);
          assertThat(part).isEqualTo(java.util.Arrays.copyOfRange(data, at, at + n));
          if (at + n < size) {
            assertThat(in.readByte()).isEqualTo(data[at + n]);
          }
        }
        IndexInput clone = in.clone();
        clone.seek(0);
        assertThat(clone.readByte()).isEqualTo(data[0]);
        assertThat(in.getFilePointer()).isNotZero();
        in.seek(size);
        assertThatThrownBy(in::readByte).isInstanceOf(EOFException.class);
        int from = size / 3;
        IndexInput slice = in.slice("part", from, size - from);
        slice.seek(size - from - 1);
        assertThat(slice.readByte()).isEqualTo(data[size - 1]);
      }
    }
  }

  @Test
  void otherFilesAreReadAsTheWrappedDirectoryReadsThem() throws IOException {
    try (TempFileBlocks d = new TempFileBlocks(FSDirectory.open(dir))) {
      try (IndexOutput out = d.createOutput("_0.fdt", IOContext.DEFAULT)) {
        out.writeBytes(new byte[20], 20);
      }
      try (IndexInput a = d.openInput("_0.fdt", IOContext.DEFAULT)) {
        assertThat(a.length()).isEqualTo(20);
        assertThat(a.getClass().getName()).doesNotContain("TempFileBlocks");
      }
      assertThat(d.cachedOpens()).isZero();
    }
  }

  @ParameterizedTest(name = "through blocks: {0}")
  @ValueSource(booleans = {true, false})
  void aSortedIndexKeepsEachStoredValueWithItsDocument(boolean blocks) throws IOException {
    Directory plain = FSDirectory.open(dir);
    try (Directory d = blocks ? new TempFileBlocks(plain) : plain) {
      IndexWriterConfig c = new IndexWriterConfig(new StandardAnalyzer());
      c.setIndexSort(new Sort(new SortField("t", SortField.Type.LONG, true)));
      c.setMaxBufferedDocs(5_000); // several flushes, each reading its temporary stored fields back
      Random rnd = new Random(3);
      int n = 20_000;
      try (IndexWriter w = new IndexWriter(d, c)) {
        for (int i = 0; i < n; i++) {
          // Times mostly rising, as records arrive, with some out of order.
          long t = i * 10L + (rnd.nextInt(10) == 0 ? -rnd.nextInt(5_000) : 0);
          Document doc = new Document();
          doc.add(new NumericDocValuesField("t", t));
          byte[] value = new byte[1 + rnd.nextInt(600)];
          rnd.nextBytes(value);
          value[0] = (byte) (t & 0x7f);
          doc.add(new StoredField("v", value));
          doc.add(new StoredField("t", t));
          w.addDocument(doc);
        }
        w.commit();
      }
      if (d instanceof TempFileBlocks t) {
        assertThat(t.cachedOpens()).isPositive();
      }
      try (DirectoryReader r = DirectoryReader.open(d)) {
        assertThat(r.numDocs()).isEqualTo(n);
        for (LeafReaderContext leaf : r.leaves()) {
          NumericDocValues times = leaf.reader().getNumericDocValues("t");
          StoredFields stored = leaf.reader().storedFields();
          long previous = Long.MAX_VALUE;
          for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
            assertThat(times.advanceExact(doc)).isTrue();
            long t = times.longValue();
            assertThat(t).isLessThanOrEqualTo(previous);
            previous = t;
            Document s = stored.document(doc);
            assertThat(s.getField("t").numericValue().longValue()).isEqualTo(t);
            BytesRef v = s.getBinaryValue("v");
            assertThat(v.bytes[v.offset]).isEqualTo((byte) (t & 0x7f));
          }
        }
      }
    }
  }
}
