package dev.vigil.logindex.store;

import java.io.IOException;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.DocValuesSkipIndexType;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FilterDirectoryReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * A partition's reader whose documents of format 4 show their record as the stored field {@code
 * _source}, read from the partition's {@link RecordLog} by the ordinal in their {@code _record} doc
 * value: so every query reads a record the same way whatever the document's format, and documents
 * of earlier formats (stored {@code _source}) are read from Lucene as before.
 */
final class RecordSourceReader extends FilterDirectoryReader {
  /** What the visitor is told the record field is: a stored binary field named {@code _source}. */
  static final FieldInfo SOURCE_FIELD =
      new FieldInfo(
          LogFields.SOURCE,
          0,
          false,
          true,
          false,
          IndexOptions.NONE,
          DocValuesType.NONE,
          DocValuesSkipIndexType.NONE,
          -1,
          Map.of(),
          0,
          0,
          0,
          0,
          VectorEncoding.FLOAT32,
          VectorSimilarityFunction.EUCLIDEAN,
          false,
          false);

  private final RecordLog records;

  RecordSourceReader(DirectoryReader in, RecordLog records) throws IOException {
    super(in, new Wrapper(records));
    this.records = records;
  }

  @Override
  protected DirectoryReader doWrapDirectoryReader(DirectoryReader in) throws IOException {
    return new RecordSourceReader(in, records);
  }

  @Override
  public CacheHelper getReaderCacheHelper() {
    return in.getReaderCacheHelper();
  }

  private static final class Wrapper extends SubReaderWrapper {
    private final RecordLog records;

    Wrapper(RecordLog records) {
      this.records = records;
    }

    @Override
    public LeafReader wrap(LeafReader reader) {
      return new Leaf(reader, records);
    }
  }

  private static final class Leaf extends FilterLeafReader {
    private final RecordLog records;

    Leaf(LeafReader in, RecordLog records) {
      super(in);
      this.records = records;
    }

    @Override
    public StoredFields storedFields() throws IOException {
      return new Fields(in, records.reader());
    }

    @Override
    public CacheHelper getCoreCacheHelper() {
      return in.getCoreCacheHelper();
    }

    @Override
    public CacheHelper getReaderCacheHelper() {
      return in.getReaderCacheHelper();
    }
  }

  /** One thread's stored fields of a leaf: forward-only doc values, re-opened to go back. */
  private static final class Fields extends StoredFields {
    private final LeafReader leaf;
    private final RecordLog.Reader records;
    private StoredFields lucene;
    private NumericDocValues ordinals;

    Fields(LeafReader leaf, RecordLog.Reader records) {
      this.leaf = leaf;
      this.records = records;
    }

    @Override
    public void document(int docID, StoredFieldVisitor visitor) throws IOException {
      if (ordinals == null || ordinals.docID() > docID) {
        ordinals = DocValues.getNumeric(leaf, LogFields.RECORD);
      }
      if (!ordinals.advanceExact(docID)) {
        // A document of an earlier format: its record is a stored field.
        if (lucene == null) {
          lucene = leaf.storedFields();
        }
        lucene.document(docID, visitor);
        return;
      }
      if (visitor.needsField(SOURCE_FIELD) == StoredFieldVisitor.Status.YES) {
        BytesRef r = records.read(ordinals.longValue());
        byte[] copy = new byte[r.length];
        System.arraycopy(r.bytes, r.offset, copy, 0, r.length);
        visitor.binaryField(SOURCE_FIELD, copy);
      }
    }
  }
}
