package dev.vigil.logindex.codec;

import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;

/**
 * Lucene 10.4's codec with log records stored as columns ({@link ColumnChunks}). Log records of one
 * stream are near-copies of each other (the same resource, the same JSON keys and message
 * templates) with random ids and close timestamps in between; split into columns, each compressed
 * with zstd, a record of the benchmark corpus takes about 20 B less than compressed as it comes
 * ({@link LogCodecVersion1}, which stays readable). Public with a no-argument constructor because
 * Lucene loads codecs by the name a segment records.
 */
public final class LogCodec extends FilterCodec {
  /** The name segments record; renaming it makes every existing segment unreadable. */
  public static final String NAME = "VigilLog2";

  /** Uncompressed bytes per chunk: a read of one record decompresses (at most) this much. */
  static final int CHUNK_BYTES = 128 * 1024;

  /** Caps the documents of a chunk, as Lucene does, so a chunk of tiny records stays small. */
  static final int MAX_DOCS_PER_CHUNK = 2048;

  private final StoredFieldsFormat storedFields =
      new Lucene90CompressingStoredFieldsFormat(
          "VigilLogColumnStoredFields", new ColumnChunks(), CHUNK_BYTES, MAX_DOCS_PER_CHUNK, 10);

  public LogCodec() {
    super(NAME, new Lucene104Codec(Lucene104Codec.Mode.BEST_SPEED));
  }

  @Override
  public StoredFieldsFormat storedFieldsFormat() {
    return storedFields;
  }
}
